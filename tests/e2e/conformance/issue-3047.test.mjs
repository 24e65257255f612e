// Upstream tests/issues/3047.spec.js, re-expressed (examples/src/conformance/issues/issue_3047.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectContainsText } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

const listItems = (lv) => lv.page.locator('[phx-update="stream"] > span').evaluateAll((els) => els.map((el) => el.id));
const ids = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `items-${from + i}`);

scenario('streams are not cleared in sticky live views', async (lv) => {
  await lv.goto('/issues/3047/a');
  await syncLV(lv);
  await expectContainsText(lv.page.locator('#page'), 'Page A');
  assert.deepEqual(await listItems(lv), ids(1, 10));

  await lv.page.getByRole('button', { name: 'Reset' }).click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ids(5, 15));

  await lv.page.getByRole('link', { name: 'Page B' }).click();
  await syncLV(lv);
  // the sticky view's items are still there
  await expectContainsText(lv.page.locator('#page'), 'Page B');
  assert.deepEqual(await listItems(lv), ids(5, 15));
});
