// Upstream tests/issues/4094.spec.js, re-expressed (examples/src/conformance/issues/issue_4094.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('no errors when handle_params redirects', async (lv) => {
  await lv.goto('/issues/4094');
  await syncLV(lv);

  // Clicking a link that redirects in handle_params would throw an exception on the client.
  await lv.page.click('a');

  await lv.waitForPath('/navigation/a');
  assert.deepEqual(lv.pageErrors.map((e) => e.message), []);
});
