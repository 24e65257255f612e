// Upstream tests/issues/2965.spec.js, re-expressed (examples/src/conformance/issues/issue_2965.rs).

import { randomBytes } from 'node:crypto';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectAttribute, expectContainsText } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

scenario('can upload files with custom chunk hook', async (lv) => {
  await lv.goto('/issues/2965');
  await syncLV(lv);

  const files = Array.from({ length: 20 }, (_, i) => ({
    name: `file${i + 1}.txt`,
    mimeType: 'text/plain',
    buffer: randomBytes(100 * 1024), // 100 KB of noise
  }));
  await lv.page.locator('#fileinput').setInputFiles(files);
  await syncLV(lv);

  // every upload finishes, in order
  for (let i = 0; i < 20; i++) {
    const row = lv.page.locator('tbody tr').nth(i);
    await expectContainsText(row, `file${i + 1}.txt`);
    await expectAttribute(row.locator('progress'), 'value', '100');
  }
});
