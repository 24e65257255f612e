// Upstream tests/issues/4325.spec.js, re-expressed (examples/src/conformance/issues/issue_4325.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const lifecycle = (lv) => lv.page.evaluate(() => window.issue4325Lifecycle);

scenario('setting an id to its current value preserves the element across patches', async (lv) => {
  await lv.goto('/issues/4325');
  await syncLV(lv);

  const original = await lv.page.locator('#hooked').elementHandle();
  await lv.waitForText('#hooked', 'count is 0');
  await waitInPage(lv.page, 'the hook to be mounted once', () => {
    const l = window.issue4325Lifecycle;
    return l.mounted === 1 && l.updated === 0 && l.destroyed === 0;
  });

  await lv.page.getByRole('button', { name: 'Increment' }).click();
  await lv.waitForText('#hooked', 'count is 1');
  await syncLV(lv);

  assert.equal(await original.evaluate((el) => el.isConnected), true);
  assert.deepEqual(await lifecycle(lv), { mounted: 1, updated: 1, destroyed: 0 });
});
