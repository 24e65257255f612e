// Upstream tests/issues/4095.spec.js, re-expressed (examples/src/conformance/issues/issue_4095.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('events for disconnected elements are ignored', async (lv) => {
  await lv.goto('/issues/4095');
  await syncLV(lv);

  await lv.page.locator('button').waitFor({ state: 'visible' });
  await lv.page.evaluate(() => window.liveSocket.enableLatencySim(50));

  await lv.page.locator('input').fill('1');
  await lv.page.locator('input').fill('12');

  await syncLV(lv);

  await lv.waitForText('button', 'Show?');
  assert.equal(await lv.page.locator('button').getAttribute('data-phx-skip'), null);
});
