// Upstream tests/issues/3368.spec.js, re-expressed (examples/src/conformance/issues/issue_3368.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectCount, expectText } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

/** Drops PNG files named `names` (each holding its name) on `#dropzone`. */
async function dropFiles(lv, names) {
  const dataTransfer = await lv.page.evaluateHandle((names) => {
    const dt = new DataTransfer();
    for (const name of names) dt.items.add(new File([name], name, { type: 'image/png' }));
    return dt;
  }, names);
  await lv.page.dispatchEvent('#dropzone', 'drop', { dataTransfer });
  await dataTransfer.dispose();
  await syncLV(lv);
}

// https://github.com/phoenixframework/phoenix_live_view/issues/3368
scenario(
  'a new drop replaces entries after too_many_files',
  async (lv) => {
  await lv.goto('/issues/3368');
  await syncLV(lv);

  await dropFiles(lv, ['first.png', 'second.png']);
  await expectText(lv.page.locator('.upload-error'), ':too_many_files');

  await dropFiles(lv, ['replacement.png']);
  await expectCount(lv.page.locator('.upload-error'), 0);
  await expectText(lv.page.locator('.upload-entry'), 'replacement.png');
  },
);
