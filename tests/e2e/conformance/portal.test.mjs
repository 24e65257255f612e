// Upstream tests/portal.spec.js, re-expressed: `/portal` (examples/src/conformance/portal.rs),
// live_session `default` with a root layout of its own. Each scenario has the upstream test's
// name. Upstream's `evalLV(page, "send(self(), :tick)")` is the sandbox command `tick`, sent
// as a message (README "Eval uses" E1).

import assert from 'node:assert/strict';
import { conformanceSuite, evalLV, syncLV } from './helpers.mjs';
import {
  expectAttribute,
  expectContainsText,
  expectCount,
  expectHidden,
  expectText,
  expectVisible,
} from './colocated-portal-helpers.mjs';

const { scenario } = conformanceSuite();

const button = (lv, name, exact = false) => lv.page.getByRole('button', { name, exact });
const childCount = (lv, selector) => lv.page.evaluate((s) => document.querySelector(s).children.length, selector);

async function open(lv) {
  await lv.goto('/portal?tick=false');
  await syncLV(lv);
}

scenario('renders modal inside portal location', async (lv) => {
  await open(lv);
  const { page } = lv;

  await expectCount(page.locator('#my-modal'), 1);
  await expectHidden(page.locator('#my-modal-content'));
  // teleported out of <main>, where the view is
  await expectCount(page.locator('main #my-modal'), 0);

  await button(lv, 'Open modal').click();
  await expectVisible(page.locator('#my-modal-content'));
  await expectContainsText(page.locator('#my-modal-content'), 'DOM patching works as expected: 0');
  await evalLV(page, 'tick', null, { later: true });
  await expectContainsText(page.locator('#my-modal-content'), 'DOM patching works as expected: 1');
});

scenario('teleported element is removed properly', async (lv) => {
  await open(lv);
  const { page } = lv;

  await expectCount(page.locator('[data-phx-teleported-src=portal-source]'), 1);
  await button(lv, 'Toggle modal render').click();
  await expectCount(page.locator('[data-phx-teleported-src=portal-source]'), 0);
  await expectCount(page.locator('#my-modal'), 0);
  // the other modal stays
  await expectCount(page.locator('[data-phx-teleported-src=portal-source-2]'), 1);

  await button(lv, 'Toggle modal render').click();
  await expectCount(page.locator('[data-phx-teleported-src=portal-source]'), 1);

  // live navigation to another view removes everything teleported
  await button(lv, 'Live navigate').click();
  await lv.waitForPath('/form');
  await syncLV(lv);
  await expectCount(page.locator('[data-phx-teleported-src]'), 0);
});

scenario('events are routed to correct LiveView', async (lv) => {
  await open(lv);
  const { page } = lv;

  await expectText(page.locator('#nested-event-count'), '0');
  await button(lv, 'Trigger event in nested LV', true).click();
  await expectText(page.locator('#nested-event-count'), '1');
  await button(lv, 'Trigger event in nested LV (from teleported button)').click();
  await expectText(page.locator('#nested-event-count'), '2');
});

scenario('streams work in teleported LiveComponent', async (lv) => {
  await open(lv);

  assert.equal(await childCount(lv, '#stream-in-lc'), 2);
  // Polled, as upstream's toHaveCount: syncLV does not wait for a hook's pushEvent (the
  // teleported button pushes through a hook), so its reply may come after it (seen once).
  const items = (n) => lv.waitUntil(`${n} stream items`, async () => (await childCount(lv, '#stream-in-lc')) === n);
  await button(lv, 'Prepend item', true).click();
  await syncLV(lv);
  await items(3);
  // upstream issue #4101: a button teleported out of the component pushes to it
  await button(lv, 'Prepend item (teleported)', true).click();
  await syncLV(lv);
  await items(4);
});

// Upstream ignores JS errors here (ResizeObserver noise of floating-ui); our stand-in uses no
// ResizeObserver, so none are allowed.
scenario('tooltip example', async (lv) => {
  await open(lv);
  const { page } = lv;

  await expectHidden(page.locator('#tooltip-example-portal'));
  await expectHidden(page.locator('#tooltip-example-no-portal'));

  await button(lv, 'Hover me', true).hover();
  await expectVisible(page.locator('#tooltip-example-portal'));
  await expectHidden(page.locator('#tooltip-example-no-portal'));

  await button(lv, 'Hover me (no portal)').hover();
  await expectHidden(page.locator('#tooltip-example-portal'));
  await expectVisible(page.locator('#tooltip-example-no-portal'));
});

scenario('teleported hook works correctly', async (lv) => {
  await open(lv);
  await expectAttribute(lv.page.locator('#hook-test'), 'data-portalhook-mounted', 'true');
});

scenario('nested portals render and work correctly', async (lv) => {
  await open(lv);
  const { page } = lv;

  await expectCount(page.locator('[data-phx-teleported-src=nested-portal-source]'), 1);
  await expectCount(page.locator('#outer-portal'), 1);
  await expectCount(page.locator('[data-phx-teleported-src=inner-portal-source]'), 1);
  await expectCount(page.locator('#inner-portal'), 1);

  await expectText(page.locator('#nested-portal-count'), '0');
  await button(lv, 'Click nested portal button').click();
  await expectText(page.locator('#nested-portal-count'), '1');

  await expectContainsText(page.locator('#nested-portal-content'), 'Tick count: 0');
  await evalLV(page, 'tick', null, { later: true });
  await expectContainsText(page.locator('#nested-portal-content'), 'Tick count: 1');
});

scenario('nested portals cleanup and re-render correctly', async (lv) => {
  await open(lv);
  const { page } = lv;

  await expectCount(page.locator('#outer-portal'), 1);
  await expectCount(page.locator('#inner-portal'), 1);

  await button(lv, 'Toggle nested portals').click();
  await expectCount(page.locator('[data-phx-teleported-src=nested-portal-source]'), 0);
  await expectCount(page.locator('[data-phx-teleported-src=inner-portal-source]'), 0);
  await expectCount(page.locator('#outer-portal'), 0);
  await expectCount(page.locator('#inner-portal'), 0);

  await button(lv, 'Toggle nested portals').click();
  await expectCount(page.locator('[data-phx-teleported-src=nested-portal-source]'), 1);
  await expectCount(page.locator('[data-phx-teleported-src=inner-portal-source]'), 1);
  await expectCount(page.locator('#outer-portal'), 1);
  await expectCount(page.locator('#inner-portal'), 1);
});

scenario('click-away is portal aware', async (lv) => {
  await open(lv);
  const { page } = lv;

  await button(lv, 'Open non-teleported modal').click();
  await expectVisible(page.locator('#non-teleported-modal-content'));
  await button(lv, 'Open menu').click();
  await expectVisible(page.locator('#teleported-menu-content'));
  await button(lv, 'Close menu').click();
  await expectHidden(page.locator('#teleported-menu-content'));

  // the click in the teleported menu was not a click away from the modal
  await expectVisible(page.locator('#non-teleported-modal-content'));
  await page.locator("#non-teleported-modal .fixed[role='dialog']").click({ position: { x: 0, y: 0 } });
  await expectHidden(page.locator('#non-teleported-modal-content'));

  // click-away in a teleported modal
  await button(lv, 'Open modal').click();
  await expectVisible(page.locator('#my-modal-content'));
  await page.locator("#my-modal .fixed[role='dialog']").click({ position: { x: 0, y: 0 } });
  await expectHidden(page.locator('#my-modal-content'));

  // the visibility of the <template> does not disturb click-away
  await button(lv, 'Open second modal').click();
  await expectVisible(page.locator('#inner-red-box'));
  await page.locator('#my-modal-2 .bg-gray-300').click();
  await expectHidden(page.locator('#inner-red-box'));
});
