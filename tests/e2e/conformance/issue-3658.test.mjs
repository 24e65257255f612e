// Upstream tests/issues/3658.spec.js, re-expressed (examples/src/conformance/issues/issue_3658.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectVisible } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3658
scenario('phx-remove elements inside sticky LiveViews are not removed when navigating', async (lv) => {
  await lv.goto('/issues/3658');
  await syncLV(lv);
  await expectVisible(lv.page.locator('#foo'));

  await lv.page.getByRole('link', { name: 'Link 1' }).click();
  await syncLV(lv);
  // the bug removed it
  await expectVisible(lv.page.locator('#foo'));
});
