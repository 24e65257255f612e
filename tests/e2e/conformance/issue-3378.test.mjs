// Upstream tests/issues/3378.spec.js, re-expressed (examples/src/conformance/issues/issue_3378.rs).
// Page errors fail every scenario in our harness, which covers upstream's `errors` check.

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectContainsText } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

scenario('can rejoin with nested streams without errors', async (lv) => {
  await lv.goto('/issues/3378');
  await syncLV(lv);
  await expectContainsText(lv.page.locator('#notifications'), 'big');

  await lv.page.evaluate(() => new Promise((resolve) => window.liveSocket.disconnect(resolve)));
  await lv.page.evaluate(() => window.liveSocket.connect());
  await syncLV(lv);
  if (lv.pageErrors.length > 0) throw lv.pageErrors[0];
});
