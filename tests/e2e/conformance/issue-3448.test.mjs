// Upstream tests/issues/3448.spec.js, re-expressed (examples/src/conformance/issues/issue_3448.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectFocused } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3448
scenario('focus is handled correctly when patching locked form', async (lv) => {
  await lv.goto('/issues/3448');
  await syncLV(lv);
  await lv.page.evaluate(() => window.liveSocket.enableLatencySim(500));

  await lv.page.locator('input[type=checkbox]').first().check();
  await expectFocused(lv.page.locator('input#search'));
  await syncLV(lv);
  // the patch has been applied: the search input keeps the focus
  await expectFocused(lv.page.locator('input#search'));
});
