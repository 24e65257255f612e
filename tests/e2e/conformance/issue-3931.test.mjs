// Upstream tests/issues/3931.spec.js, re-expressed (examples/src/conformance/issues/issue_3931.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('dynamic attributes reset __changed__ and properly re-render', async (lv) => {
  const start = lv.mark();
  await lv.goto('/issues/3931');
  await syncLV(lv);

  // it should be updated asynchronously
  await lv.page.locator('#async', { hasText: 'This was loaded asynchronously!' }).waitFor();

  const events = lv.framesSince(start).map((f) => ({ type: f.dir, payload: f.raw }));
  for (const [type, has] of [
    ['sent', 'phx_join'],
    ['received', 'phx_reply'],
    ['received', 'diff'],
  ]) {
    assert.ok(
      events.some((e) => e.type === type && e.payload.includes(has)),
      `a ${type} frame containing ${has}: ${JSON.stringify(events)}`,
    );
  }
});
