// Upstream tests/issues/3647.spec.js, re-expressed (examples/src/conformance/issues/issue_3647.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectCount, expectValue } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3647
scenario('upload works when input event follows immediately afterwards', async (lv) => {
  await lv.goto('/issues/3647');
  await syncLV(lv);
  await expectCount(lv.page.locator('ul li'), 0);
  await expectValue(lv.page.locator('input[name="user[name]"]'), '');

  await lv.page.getByRole('button', { name: 'Upload then Input' }).click();
  await syncLV(lv);
  await expectCount(lv.page.locator('ul li'), 1);
  await expectValue(lv.page.locator('input[name="user[name]"]'), '0');
});
