// Upstream tests/issues/3199.spec.js (describe "Issue #3199"), re-expressed
// (examples/src/conformance/issues/issue_3199.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectClass, expectCount, expectVisible } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3199
scenario("runs an item's phx-remove transition when it is deleted from a stream", async (lv) => {
  await lv.goto('/issues/3199');
  await syncLV(lv);

  const item = lv.page.locator('#items-1');
  await item.getByRole('button', { name: 'Delete' }).click();
  await expectClass(item, /item-removing/);
  await expectCount(item, 0);
  await expectCount(lv.page.locator('#items-2'), 1);
});

scenario('also runs the item transitions when live navigation removes their container', async (lv) => {
  await lv.goto('/issues/3199');
  await syncLV(lv);

  await lv.page.getByRole('link', { name: 'Navigate away' }).click();
  // as reported in #3199: the outgoing view's every phx-remove element runs its transition,
  // which delays the replacement of the old page
  await expectCount(lv.page.locator('#items > li.item-removing'), 2);
  await expectVisible(lv.page.getByRole('heading', { name: 'Items' }));

  await expectVisible(lv.page.getByRole('heading', { name: 'Away' }));
  await syncLV(lv);
});

scenario('can limit phx-remove to the LiveView container during navigation', async (lv) => {
  await lv.goto('/issues/3199?cascadePhxRemoveOnNavigation=false');
  await syncLV(lv);

  await lv.page.getByRole('link', { name: 'Navigate away' }).click();
  await expectCount(lv.page.locator('[data-phx-main].view-removing'), 1);
  await expectCount(lv.page.locator('#items > li.item-removing'), 0);
  await expectVisible(lv.page.getByRole('heading', { name: 'Away' }));
  await syncLV(lv);
});
