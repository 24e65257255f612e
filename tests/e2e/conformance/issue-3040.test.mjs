// Upstream tests/issues/3040.spec.js, re-expressed (examples/src/conformance/issues/issue_3040.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectFocused, expectHidden, expectText, expectValue, expectVisible } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

/** Opens the modal with its patch link; resolves the modal's focus-wrap container. */
async function openModal(lv) {
  await lv.goto('/issues/3040');
  await syncLV(lv);
  await lv.page.getByRole('link', { name: 'Add new' }).click();
  await syncLV(lv);
  const modal = lv.page.locator('#my-modal-container');
  await expectVisible(modal);
  // the modal's focus_first focused the input
  await expectFocused(lv.page.locator("input[name='name']"));
  return modal;
}

scenario('click-away does not fire when triggering form submit', async (lv) => {
  const modal = await openModal(lv);

  await lv.page.keyboard.press('Enter');
  await syncLV(lv);
  await expectText(lv.page.locator('form'), 'Form was submitted!');
  await expectVisible(modal);

  // a click outside closes it
  await lv.page.mouse.click(0, 0);
  await syncLV(lv);
  await expectHidden(modal);
});

// see also https://github.com/phoenixframework/phoenix_live_view/issues/1920
scenario('does not close modal when moving mouse outside while held down', async (lv) => {
  const modal = await openModal(lv);
  const input = lv.page.locator("input[name='name']");
  await input.fill('test');

  // press inside the input, release outside the modal
  await lv.page.mouse.move(434, 350);
  await lv.page.mouse.down();
  await lv.page.mouse.move(143, 350);
  await lv.page.mouse.up();

  // the press began inside: no click-away
  await expectVisible(modal);
  await lv.page.keyboard.press('Backspace');
  await expectValue(input, '');
  await expectVisible(modal);

  // escape closes it
  await lv.page.keyboard.press('Escape');
  await expectHidden(modal);
});
