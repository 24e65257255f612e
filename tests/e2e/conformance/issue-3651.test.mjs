// Upstream tests/issues/3651.spec.js, re-expressed (examples/src/conformance/issues/issue_3651.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectHidden, sleep } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3651
scenario('locked hook with dynamic id is properly cleared', async (lv) => {
  await lv.goto('/issues/3651');
  await syncLV(lv);
  // the first inner hook was destroyed, which emptied the notice
  await expectHidden(lv.page.locator('#notice'));

  // let some events go back and forth
  await sleep(100);
  const total = await lv.page.evaluate(() => parseInt(document.querySelector('#total').textContent));
  assert.ok(total <= 50, `${total} events after 100 ms`);
});
