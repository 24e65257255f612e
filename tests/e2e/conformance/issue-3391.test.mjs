// Upstream tests/issues/3391.spec.js, re-expressed (examples/src/conformance/issues/issue_3391.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectCount, expectEnabled, expectNoClass, expectText } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3391
scenario('an invalid auto-upload cancels submit without locking the form', async (lv) => {
  await lv.goto('/issues/3391');
  await syncLV(lv);
  const form = lv.page.locator('#upload-form');
  const input = form.locator("input[type='file']");
  const submit = form.getByRole('button', { name: 'Submit' });

  await input.setInputFiles({ name: 'invalid.html', mimeType: 'text/html', buffer: Buffer.from('<h1>invalid</h1>') });
  await syncLV(lv);
  const failed = form.locator('.upload-entry');
  await expectText(failed.locator('.upload-error'), ':not_accepted');

  await submit.click();
  await expectNoClass(form, /phx-submit-loading/);
  await expectEnabled(submit);
  await expectEnabled(failed.getByRole('button', { name: 'Cancel' }));
  await expectText(failed.locator('.upload-error'), ':not_accepted');
  await expectText(lv.page.locator('#submitted'), 'submitted: false');

  await failed.getByRole('button', { name: 'Cancel' }).click();
  await expectCount(failed, 0);

  await input.setInputFiles({ name: 'valid.txt', mimeType: 'text/plain', buffer: Buffer.from('valid') });
  await expectText(lv.page.locator('#uploaded'), 'uploaded: true');

  await submit.click();
  await expectText(lv.page.locator('#submitted'), 'submitted: true');
});
