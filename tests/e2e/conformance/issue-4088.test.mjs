// Upstream tests/issues/4088.spec.js, re-expressed (examples/src/conformance/issues/issue_4088.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('locked LiveComponent container can be patched properly', async (lv) => {
  await lv.goto('/issues/4088');
  await syncLV(lv);
  // (ours) the hook did push its three events to the component
  await lv.waitUntil('three my_update events', () => lv.lvFrames({ dir: 'sent', event: 'event' }).filter((f) => f.payload?.event === 'my_update').length === 3);

  assert.equal(lv.pageErrors.length, 0, lv.pageErrors.join('\n'));
});
