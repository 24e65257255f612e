// Upstream tests/issues/3083.spec.js, re-expressed (examples/src/conformance/issues/issue_3083.rs).
// Upstream's `evalLV(page, "send(self(), {:select, [1,2]}); nil")` is the sandbox command
// `select` sent as a message to the view (`later: true`).

import { conformanceSuite, evalLV, syncLV } from './helpers.mjs';
import { expectNotFocused, expectValues, sleep } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

const select = (lv, values) => evalLV(lv.page, 'select', values, { later: true });

scenario('select multiple handles option updates properly', async (lv) => {
  await lv.goto('/issues/3083?auto=false');
  await syncLV(lv);
  const el = lv.page.locator('select');
  await expectValues(el, []);

  await select(lv, [1, 2]);
  await expectValues(el, ['1', '2']);
  await select(lv, [2, 3]);
  await expectValues(el, ['2', '3']);

  // focus the select by interacting with it (the click selects option 1 alone)
  await el.click({ position: { x: 1, y: 1 } });
  await expectValues(el, ['1']);
  await select(lv, [1, 2]);
  // focused: the update does not touch its selection
  await expectValues(el, ['1']);
  // blur it with a click on the body
  await lv.page.locator('body').click();
  await expectValues(el, ['1']);
  // another update
  await select(lv, [3, 4]);
  // the bug focused the select again despite the blur
  await expectNotFocused(el);
  await expectValues(el, ['3', '4']);
  await sleep(1000);
});
