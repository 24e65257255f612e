// Upstream tests/components.spec.js, re-expressed: `/components` (examples/src/conformance/components.rs).
// Each scenario has the upstream test's name. Upstream's afterEach requires no console error and
// no page error: the harness fails a scenario on either.

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { poll, waitForFocus } from './uploads-js-components-errors-helpers.mjs';

const { scenario } = conformanceSuite();

const isVisible = (lv, selector, want) =>
  poll(`${selector} ${want ? 'visible' : 'hidden'}`, () => lv.page.locator(selector).isVisible(), (v) => v === want);

scenario('dropdown menu focus wrapping works correctly', async (lv) => {
  await lv.goto('/components?tab=focus_wrap');
  await syncLV(lv);

  await isVisible(lv, '#dropdown-menu', false);
  await lv.page.locator('#dropdown-button').click();
  await isVisible(lv, '#dropdown-menu', true);

  const items = lv.page.locator('#dropdown-content button');
  await waitForFocus(items.first(), 'first item');

  // Tab cycles inside the menu
  await lv.page.keyboard.press('Tab');
  await waitForFocus(items.nth(1), 'second item');
  await lv.page.keyboard.press('Tab');
  await waitForFocus(items.nth(2), 'third item');
  await lv.page.keyboard.press('Tab');
  await waitForFocus(items.first(), 'first item again');
  await lv.page.keyboard.press('Shift+Tab');
  await waitForFocus(items.nth(2), 'third item (backwards)');

  // choosing an item closes the menu
  await items.first().click();
  await isVisible(lv, '#dropdown-menu', false);
});

scenario('simple focus container traps focus correctly', async (lv) => {
  await lv.goto('/components?tab=focus_wrap');
  await syncLV(lv);

  const buttons = lv.page.locator('#simple-focus-container button');
  const input = lv.page.locator('#simple-focus-container input');

  await buttons.first().click();
  await waitForFocus(buttons.first(), 'Button 1');

  await lv.page.keyboard.press('Tab');
  await waitForFocus(buttons.nth(1), 'Button 2');
  await lv.page.keyboard.press('Tab');
  await waitForFocus(input, 'the input');
  await lv.page.keyboard.press('Tab');
  await waitForFocus(buttons.first(), 'Button 1 again');

  await lv.page.keyboard.press('Shift+Tab');
  await waitForFocus(input, 'the input (backwards)');
  await lv.page.keyboard.press('Shift+Tab');
  await waitForFocus(buttons.nth(1), 'Button 2 (backwards)');
  await lv.page.keyboard.press('Shift+Tab');
  await waitForFocus(buttons.first(), 'Button 1 (backwards)');
});

scenario('focus_wrap components have correct attributes', async (lv) => {
  await lv.goto('/components?tab=focus_wrap');
  await syncLV(lv);

  for (const id of ['dropdown-content', 'simple-focus-container']) {
    assert.equal(await lv.page.locator(`#${id}`).getAttribute('phx-hook'), 'Phoenix.FocusWrap', `#${id} phx-hook`);
    for (const end of ['start', 'end']) {
      const sentinel = lv.page.locator(`#${id}-${end}`);
      assert.equal(await sentinel.getAttribute('tabindex'), '0', `#${id}-${end} tabindex`);
      assert.equal(await sentinel.getAttribute('aria-hidden'), 'true', `#${id}-${end} aria-hidden`);
    }
  }
});
