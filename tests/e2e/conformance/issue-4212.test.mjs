// Upstream tests/issues/4212.spec.js, re-expressed (examples/src/conformance/issues/issue_4212.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('stream_insert with :at uses atomic moveBefore for the reorder', async (lv) => {
  await lv.goto('/issues/4212');
  await syncLV(lv);

  const moveBeforeSupported = await lv.page.evaluate(() => typeof Element.prototype.moveBefore === 'function');
  // upstream skips itself without moveBefore; the pinned Chromium has it, so we require it
  assert.ok(moveBeforeSupported, 'this browser has no Element.prototype.moveBefore');

  // the server-rendered custom elements are connected (no strict assertion on the mount log)
  await waitInPage(
    lv.page,
    'three connected custom elements',
    () => window.__lvCustomElLog.filter((e) => e.type === 'connected').length >= 3,
  );
  await lv.page.evaluate(() => (window.__lvCustomElLog = []));

  await lv.page.locator('#insert-at-1').click();
  await syncLV(lv);

  // added by morphdom (connected), then moved to index 1 by moveBefore (moved, no disconnect)
  const log = await lv.page.evaluate(() => window.__lvCustomElLog);
  const newEvents = log.filter((e) => e.id === 'el-new1');
  for (const wanted of [
    { type: 'connected', id: 'el-new1' },
    { type: 'moved', id: 'el-new1' },
  ]) {
    assert.ok(
      newEvents.some((e) => e.type === wanted.type && e.id === wanted.id),
      `${JSON.stringify(wanted)} in ${JSON.stringify(newEvents)}`,
    );
  }
  assert.deepEqual(
    newEvents.filter((e) => e.type === 'disconnected'),
    [],
  );
});
