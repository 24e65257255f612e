// Upstream tests/issues/4290.spec.js, re-expressed (examples/src/conformance/issues/issue_4290.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

scenario('events from the old view are not routed to the new view during live navigation', async (lv) => {
  await lv.goto('/issues/4290/a');
  await syncLV(lv);

  await lv.page.getByRole('button', { name: 'Navigate' }).click();

  // The new LiveView joins at once, but the DOM swap waits for the phx-remove transition:
  // the old page stays visible and interactive meanwhile.
  await sleep(500);
  assert.equal(await lv.text('h1'), 'A');

  // a change in the old form while the navigation is in progress must not reach the new view
  await lv.page.locator('input[name=name]').fill('hello');

  await lv.waitForText('h1', 'B');
  await syncLV(lv);

  await lv.waitForText('#event-count', '0');
});
