// Upstream tests/issues/3200.spec.js, re-expressed (examples/src/conformance/issues/issue_3200.rs).
// Page errors fail every scenario in our harness, which covers upstream's `errors` check.

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectCount, expectValue } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3200
scenario("phx-target='selector' is used correctly for form recovery", async (lv) => {
  await lv.goto('/issues/3200/settings');
  await syncLV(lv);

  await lv.page.getByRole('button', { name: 'Messages' }).click();
  await syncLV(lv);
  await lv.waitForPath('/issues/3200/messages');

  await lv.page.locator('#new_message_input').fill('Hello');
  await syncLV(lv);

  await lv.page.evaluate(() => new Promise((resolve) => window.liveSocket.disconnect(resolve)));
  await expectCount(lv.page.locator('.phx-loading'), 1);

  await lv.page.evaluate(() => window.liveSocket.connect());
  await syncLV(lv);
  await expectValue(lv.page.locator('#new_message_input'), 'Hello');
  if (lv.pageErrors.length > 0) throw lv.pageErrors[0];
});
