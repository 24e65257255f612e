// Upstream tests/issues/3169.spec.js, re-expressed (examples/src/conformance/issues/issue_3169.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectContainsText } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

const inputVals = (lv) => lv.page.locator('input[type="text"]').evaluateAll((list) => list.map((i) => i.value));

scenario(
  'updates which add cids back on page are properly magic id change tracked',
  async (lv) => {
  await lv.goto('/issues/3169');
  await syncLV(lv);

  for (const name of ['a', 'b', 'z']) {
    await lv.page.locator(`#select-${name}`).click();
    await syncLV(lv);
    await expectContainsText(lv.page.locator('body'), 'FormColumn (c3)');
    assert.deepEqual(await inputVals(lv), Array(3).fill(`Record ${name}`));
  }
  },
);
