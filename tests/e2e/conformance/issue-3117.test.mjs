// Upstream tests/issues/3117.spec.js, re-expressed (examples/src/conformance/issues/issue_3117.rs).
// Page errors fail every scenario in our harness, which covers upstream's `errors` check.

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectText, expectVisible } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

scenario('LiveComponent with static FC root is not reset', async (lv) => {
  await lv.goto('/issues/3117');
  await syncLV(lv);

  // a live navigation
  await lv.page.locator('#navigate').click();
  await lv.waitForPath('/issues/3117?nav');
  await syncLV(lv);

  // the function component's root is still there, not emptied or skipped
  for (const row of ['#row-1', '#row-2']) {
    await expectVisible(lv.page.locator(`${row} .static`));
    await expectText(lv.page.locator(`${row} .static`), 'static content');
  }
  if (lv.pageErrors.length > 0) throw lv.pageErrors[0];
});
