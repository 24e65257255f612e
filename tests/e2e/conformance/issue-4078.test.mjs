// Upstream tests/issues/4078.spec.js, re-expressed (examples/src/conformance/issues/issue_4078.rs):
// live_file_input follows changing assigns such as disabled and class.

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

// (Our file input carried data-phx-update="ignore" until these scenarios found it: the client
// then never patched its attributes. Upstream's live_file_input dropped it, phoenix_live_view #4112.)

const INPUT = "#upload-form input[type='file']";

const disabledIs = (lv, disabled) =>
  waitInPage(
    lv.page,
    `the file input to be ${disabled ? 'disabled' : 'enabled'}`,
    ({ sel, disabled }) => document.querySelector(sel)?.disabled === disabled,
    { sel: INPUT, disabled },
  );

const hasClass = (lv, name) =>
  waitInPage(lv.page, `the file input to have class ${name}`, ({ sel, name }) => document.querySelector(sel)?.classList.contains(name), {
    sel: INPUT,
    name,
  });

scenario('live_file_input respects disabled attribute changes', async (lv) => {
  await lv.goto('/issues/4078');
  await syncLV(lv);

  // Initially disabled
  await disabledIs(lv, true);

  await lv.page.locator('#toggle-disabled').click();
  await syncLV(lv);
  await disabledIs(lv, false);

  await lv.page.locator('#toggle-disabled').click();
  await syncLV(lv);
  await disabledIs(lv, true);
});

scenario('live_file_input respects class attribute changes', async (lv) => {
  await lv.goto('/issues/4078');
  await syncLV(lv);

  await hasClass(lv, 'initial-class');

  await lv.page.locator('#toggle-class').click();
  await syncLV(lv);
  await hasClass(lv, 'updated-class');

  await lv.page.locator('#toggle-class').click();
  await syncLV(lv);
  await hasClass(lv, 'initial-class');
});

scenario('live_file_input preserves files when attributes change', async (lv) => {
  await lv.goto('/issues/4078');
  await syncLV(lv);

  // First enable the input
  await lv.page.locator('#toggle-disabled').click();
  await syncLV(lv);
  await disabledIs(lv, false);

  // Select a file
  await lv.page.locator(INPUT).setInputFiles({ name: 'test.txt', mimeType: 'text/plain', buffer: Buffer.from('test content') });
  await syncLV(lv);

  // the entry appears
  await lv.page.locator('.upload-entry').waitFor({ state: 'visible' });
  assert.ok((await lv.text('.entry-name')).includes('test.txt'));

  // change the class: the file stays selected
  await lv.page.locator('#toggle-class').click();
  await syncLV(lv);

  await lv.page.locator('.upload-entry').waitFor({ state: 'visible' });
  assert.ok((await lv.text('.entry-name')).includes('test.txt'));
  await hasClass(lv, 'updated-class');
});
