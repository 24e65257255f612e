// Upstream tests/issues/3719.spec.js, re-expressed (examples/src/conformance/issues/issue_3719.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('target is properly decoded', async (lv) => {
  await lv.goto('/issues/3719');
  await syncLV(lv);
  await lv.page.locator('#a').fill('foo');
  await syncLV(lv);
  await lv.waitForText('#target', '["foo"]');

  await lv.page.locator('#b').fill('foo');
  await syncLV(lv);
  await lv.waitForText('#target', '["foo", "bar"]');

  const crashed = lv.consoleMessages.filter((m) => m.text.includes('view crashed'));
  assert.deepEqual(crashed, []);
});
