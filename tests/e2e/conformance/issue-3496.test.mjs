// Upstream tests/issues/3496.spec.js, re-expressed (examples/src/conformance/issues/issue_3496.rs).
// Page errors fail every scenario in our harness, which covers upstream's `errors` check.

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3496
scenario('hook is initialized properly when reusing id between sticky and non sticky LiveViews', async (lv) => {
  await lv.goto('/issues/3496/a');
  await syncLV(lv);

  await lv.page.getByRole('link', { name: 'Go to page B' }).click();
  await lv.waitForPath('/issues/3496/b');
  await syncLV(lv);

  const logs = lv.consoleMessages.map((m) => m.text);
  assert.equal(logs.filter((l) => l.includes('Hook mounted!')).length, 2, JSON.stringify(logs));
  assert.ok(!logs.some((l) => l.includes('no hook found for custom element')), JSON.stringify(logs));
  if (lv.pageErrors.length > 0) throw lv.pageErrors[0];
});
