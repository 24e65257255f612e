// Upstream tests/colocated.spec.js, re-expressed: `/colocated` (examples/src/conformance/colocated.rs),
// outside any live_session. Each scenario has the upstream test's name. Upstream's colocated
// assets are compiled from the template; ours are written out (see colocated.rs and the README):
// "custom macro component works (syntax highlighting)" is not expressible and has no scenario.

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectCSS, expectCount, expectHidden, expectText, expectVisible } from './colocated-portal-helpers.mjs';

const { scenario } = conformanceSuite();

scenario('colocated hooks works', async (lv) => {
  await lv.goto('/colocated');
  await syncLV(lv);

  const { page } = lv;
  await page.locator('input').fill('1234567890');
  await page.keyboard.press('Enter');
  // formatted by the hook before the submit
  await expectText(page.locator('#phone'), '123-456-7890');

  // the runtime hook shows its element
  await expectVisible(page.locator('#runtime'));
});

scenario('colocated JS works', async (lv) => {
  await lv.goto('/colocated');
  await syncLV(lv);

  const { page } = lv;
  await expectVisible(page.locator('#hello'));
  await page.locator('button').click();
  await expectHidden(page.locator('#hello'));
  await page.locator('button').click();
  await expectVisible(page.locator('#hello'));
});

scenario('global colocated css works', async (lv) => {
  await lv.goto('/colocated');
  await syncLV(lv);

  await expectCSS(lv.page.locator('[data-test="global"]'), 'background-color', 'rgb(255, 0, 0)');
});

scenario('scoped colocated css works', async (lv) => {
  await lv.goto('/colocated');
  await syncLV(lv);

  const { page } = lv;
  await expectCSS(page.locator('[data-test="scoped"]'), 'background-color', 'rgba(0, 0, 0, 0)');

  const blue = page.locator('[data-test-scoped="blue"]');
  await expectCount(blue, 6);
  for (const el of await blue.all()) await expectCSS(el, 'background-color', 'rgb(0, 0, 255)');

  const none = page.locator('[data-test-scoped="none"]');
  await expectCount(none, 5);
  for (const el of await none.all()) await expectCSS(el, 'background-color', 'rgba(0, 0, 0, 0)');

  await expectCSS(page.locator('[data-test-scoped="yellow"]'), 'background-color', 'rgb(255, 255, 0)');
  await expectCSS(page.locator('[data-test-scoped="green"]'), 'background-color', 'rgb(0, 255, 0)');
});

scenario('scoped colocated css lower bound inclusive/exclusive works', async (lv) => {
  await lv.goto('/colocated');
  await syncLV(lv);

  const { page } = lv;
  const containers = page.locator('[data-test-lower-bound-container]');
  await expectCount(containers, 2);
  for (const el of await containers.all()) await expectCSS(el, 'display', 'flex');

  const inclusive = page.locator('[data-test-inclusive="yes"]');
  await expectCount(inclusive, 3);
  for (const el of await inclusive.all()) await expectCSS(el, 'flex', '1 1 0%');

  const exclusive = page.locator('[data-test-inclusive="no"]');
  await expectCount(exclusive, 3);
  for (const el of await exclusive.all()) await expectCSS(el, 'flex', '0 1 auto');
});
