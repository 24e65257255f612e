// Upstream tests/issues/3107.spec.js, re-expressed (examples/src/conformance/issues/issue_3107.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectValue } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

scenario('keeps value when updating select', async (lv) => {
  await lv.goto('/issues/3107');
  await syncLV(lv);
  const select = lv.page.locator('select');
  await expectValue(select, 'ONE');
  // as a user would: focus it, then pick another option
  await select.focus();
  await select.selectOption('TWO');
  await syncLV(lv);
  await expectValue(select, 'TWO');
});
