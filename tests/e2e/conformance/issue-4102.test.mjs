// Upstream tests/issues/4102.spec.js, re-expressed (examples/src/conformance/issues/issue_4102.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('debounce works for inputs outside of the form', async (lv) => {
  await lv.goto('/issues/4102');
  await syncLV(lv);

  await lv.page.locator('input').fill('123');
  await lv.page.locator('button').click();
  await syncLV(lv);

  assert.deepEqual(lv.pageErrors, []);
});
