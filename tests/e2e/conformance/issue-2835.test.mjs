// Upstream tests/issues/2835.spec.js, re-expressed (examples/src/conformance/issues/issue_2835.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { poll, sleep } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

const textFile = (name) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(name) });

/** The consumed files, the pending entries and the errors shown. */
async function uploadState(lv) {
  const texts = (sel) => lv.page.locator(sel).allTextContents();
  return {
    uploaded: (await texts('#uploaded-files li')).sort(),
    pending: (await texts('.upload-entry')).map((t) => t.split(':')[0].trim()).sort(),
    errors: (await texts('.upload-error')).map((t) => t.trim()),
  };
}

// https://github.com/phoenixframework/phoenix_live_view/issues/2835
scenario(
  'max_entries total mode includes files consumed by an auto upload',
  async (lv) => {
    await lv.goto('/issues/2835');
    await syncLV(lv);
    const input = lv.page.locator("#upload-form input[type='file']");

    await input.setInputFiles([textFile('first.txt'), textFile('second.txt'), textFile('third.txt')]);
    await syncLV(lv);
    // The client drops the input's loading class before the auto-upload runs, so syncLV can
    // return before the two accepted files are consumed: wait for the upload to settle (for
    // up to the usual bound) before taking the state upstream takes at once.
    await poll('uploads settled', () => uploadState(lv), (s) => s.uploaded.length >= 2).catch(() => {});
    const afterInitialSelection = await uploadState(lv);

    await input.setInputFiles(textFile('fourth.txt'));
    await syncLV(lv);
    await sleep(200); // an upload it wrongly started would have shown by now
    const afterAdditionalSelection = await uploadState(lv);

    assert.deepEqual(
      { afterInitialSelection, afterAdditionalSelection },
      {
        afterInitialSelection: { uploaded: ['first.txt', 'second.txt'], pending: ['third.txt'], errors: [':too_many_files'] },
        afterAdditionalSelection: {
          uploaded: ['first.txt', 'second.txt'],
          pending: ['fourth.txt', 'third.txt'],
          errors: [':too_many_files'],
        },
      },
    );
  },
);
