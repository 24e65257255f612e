// Upstream tests/issues/3319.spec.js, re-expressed (examples/src/conformance/issues/issue_3319.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectCount, poll } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

const textFile = (name) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(name.split('.')[0]) });

// https://github.com/phoenixframework/phoenix_live_view/issues/3319
scenario('required upload with multiple entries can be submitted', async (lv) => {
  await lv.goto('/issues/3319');
  await syncLV(lv);
  const form = lv.page.locator('#upload-form');

  await form.locator("input[type='file']").setInputFiles([textFile('first.txt'), textFile('second.txt')]);
  await syncLV(lv);
  await expectCount(form.locator('.upload-entry'), 2);

  await form.getByRole('button', { name: 'Submit' }).click();
  const submitted = await poll('#submitted', () => lv.page.locator('#submitted').textContent(), (t) => t !== '');
  assert.deepEqual(submitted.split(',').sort(), ['first.txt', 'second.txt']);
});
