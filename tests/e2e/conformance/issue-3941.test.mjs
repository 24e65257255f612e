// Upstream tests/issues/3941.spec.js, re-expressed (examples/src/conformance/issues/issue_3941.rs).

import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const loaded = (lv, id) => lv.page.locator(`#${id}`, { hasText: 'I AM LOADED' }).waitFor();
const gone = (lv, id) => waitInPage(lv.page, `#${id} to be gone`, (id) => !document.getElementById(id), id);

scenario('component-only patch in locked tree works', async (lv) => {
  await lv.goto('/issues/3941');
  await syncLV(lv);

  // The bug: with the parent container locked, the component-only patch was applied, then
  // the (stale) locked tree was applied over it, erasing the patch.
  await loaded(lv, 'Item_1');
  await loaded(lv, 'Item_2');

  await lv.page.locator('#select-Item_1').uncheck();
  await lv.page.locator('#select-Item_2').uncheck();

  await gone(lv, 'Item_1');
  await gone(lv, 'Item_2');

  await lv.page.locator('#select-Item_1').check();
  await loaded(lv, 'Item_1');
  await gone(lv, 'Item_2');

  await lv.page.locator('#select-Item_2').check();
  await loaded(lv, 'Item_1');
  await loaded(lv, 'Item_2');
});
