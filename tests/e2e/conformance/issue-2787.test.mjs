// Upstream tests/issues/2787.spec.js, re-expressed (examples/src/conformance/issues/issue_2787.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectValue } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

const optionValues = (select) => select.locator('option').evaluateAll((list) => list.map((o) => o.value));

scenario('select is properly cleared on submit', async (lv) => {
  await lv.goto('/issues/2787');
  await syncLV(lv);
  const select1 = lv.page.locator('#demo_select1');
  const select2 = lv.page.locator('#demo_select2');

  // both selects start empty
  await expectValue(select1, '');
  assert.deepEqual(await optionValues(select1), ['', 'greetings', 'goodbyes']);
  await expectValue(select2, '');
  assert.deepEqual(await optionValues(select2), ['']);

  // greetings in the first gives the second its options
  await select1.selectOption('greetings');
  await syncLV(lv);
  assert.deepEqual(await optionValues(select2), ['', 'hello', 'hallo', 'hei']);
  await select2.selectOption('hei');
  await syncLV(lv);

  await lv.page.locator('button').click();
  // both selects are empty again (the bug of #2787)
  await expectValue(select1, '');
  await expectValue(select2, '');

  await select1.selectOption('goodbyes');
  await syncLV(lv);
  assert.deepEqual(await optionValues(select2), ['', 'goodbye', 'auf wiedersehen', 'ha det bra']);
});
