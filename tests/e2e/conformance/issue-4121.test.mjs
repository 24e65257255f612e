// Upstream tests/issues/4121.spec.js, re-expressed (examples/src/conformance/issues/issue_4121.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

/** The children of `#parent`: their id and the text of their first node. */
const streamElements = (lv, parent) =>
  lv.page
    .locator(`#${parent} > *`)
    .evaluateAll((list) => list.map((el) => ({ id: el.id, text: el.childNodes[0].nodeValue.trim() })));

scenario('stream teleported outside of LiveView can be reset', async (lv) => {
  await lv.goto('/issues/4121');
  await syncLV(lv);

  assert.deepEqual(await streamElements(lv, 'stream-in-lv'), [
    { id: 'items-1', text: 'Item 1' },
    { id: 'items-2', text: 'Item 2' },
  ]);

  await lv.page.locator('button').click();
  await syncLV(lv);

  assert.equal((await streamElements(lv, 'stream-in-lv')).length, 1);
});
