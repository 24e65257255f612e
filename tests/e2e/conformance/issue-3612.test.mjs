// Upstream tests/issues/3612.spec.js, re-expressed (examples/src/conformance/issues/issue_3612.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectText } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3612
scenario(
  'sticky LiveView stays connected when using push_navigate',
  async (lv) => {
  const h1 = lv.page.locator('h1');
  await lv.goto('/issues/3612/a');
  await syncLV(lv);
  await expectText(h1, 'Page A');
  await lv.page.getByRole('link', { name: 'Go to page B' }).click();
  await syncLV(lv);
  await expectText(h1, 'Page B');
  await lv.page.getByRole('link', { name: 'Go to page A' }).click();
  await syncLV(lv);
  await expectText(h1, 'Page A');
  },
);
