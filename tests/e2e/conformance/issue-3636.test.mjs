// Upstream tests/issues/3636.spec.js, re-expressed (examples/src/conformance/issues/issue_3636.rs).
// Upstream skips it on WebKit (no tab focus by default); we run Chromium only.

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectFocused } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3636
scenario('focus_wrap - focuses first element when entering focus from outside', async (lv) => {
  await lv.goto('/issues/3636');
  await syncLV(lv);
  // a click next to the third button sets the focus navigation starting point there
  await lv.page.mouse.click(250, 37.5);
  await lv.page.keyboard.press('Tab');
  await expectFocused(lv.page.getByRole('button', { name: 'One' }));
});
