// Upstream tests/js.spec.js, re-expressed: `/js` (examples/src/conformance/js.rs). Each scenario
// has the upstream test's name.

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { assertContainsEach, attributeMutations, poll, sleep } from './uploads-js-components-errors-helpers.mjs';

const { scenario } = conformanceSuite();

const modal = (lv) => lv.page.locator('#my-modal');
const visible = (lv, what) => poll(`${what} visible`, () => lv.page.locator(what).isVisible(), (v) => v === true);
const hidden = (lv, what) => poll(`${what} hidden`, () => lv.page.locator(what).isVisible(), (v) => v === false);
const classOf = (lv) => modal(lv).getAttribute('class');

/** Clicks `button` and checks the modal's attribute changes and final state (shown or hidden). */
async function openAndClose(lv, openButton, closeButton) {
  await lv.goto('/js');
  await syncLV(lv);
  await hidden(lv, '#my-modal');

  let changes = await attributeMutations(lv.page, '#my-modal');
  await lv.page.getByRole('button', { name: openButton }).click();
  await sleep(100); // the transition lasts 50 ms
  assertContainsEach(
    await changes(),
    [
      { attr: 'style', oldValue: 'display: none;', newValue: 'display: block;' },
      { attr: 'aria-expanded', oldValue: 'false', newValue: 'true' },
      { attr: 'open', oldValue: null, newValue: 'true' },
      { attr: 'class', newValue: 'fade-in', partial: true },
      { attr: 'class', oldValue: 'fade-in', partial: true },
    ],
    'attribute changes on show',
  );
  await poll('no fade-in class', () => classOf(lv), (c) => !(c ?? '').split(/\s+/).includes('fade-in'));
  assert.equal(await modal(lv).getAttribute('aria-expanded'), 'true');
  assert.equal(await modal(lv).getAttribute('open'), 'true');
  await visible(lv, '#my-modal');

  changes = await attributeMutations(lv.page, '#my-modal');
  await lv.page.getByRole('button', { name: closeButton }).click();
  await sleep(100);
  assertContainsEach(
    await changes(),
    [
      { attr: 'style', oldValue: 'display: block;', newValue: 'display: none;' },
      { attr: 'aria-expanded', oldValue: 'true', newValue: 'false' },
      { attr: 'open', oldValue: 'true', newValue: null },
      { attr: 'class', newValue: 'fade-out', partial: true },
      { attr: 'class', oldValue: 'fade-out', partial: true },
    ],
    'attribute changes on hide',
  );
  await poll('no fade-out class', () => classOf(lv), (c) => !(c ?? '').split(/\s+/).includes('fade-out'));
  assert.equal(await modal(lv).getAttribute('aria-expanded'), 'false');
  assert.equal(await modal(lv).getAttribute('open'), null);
  await hidden(lv, '#my-modal');
}

scenario('toggle_attribute', async (lv) => {
  await openAndClose(lv, 'toggle modal', 'toggle modal');
});

scenario('set and remove_attribute', async (lv) => {
  await openAndClose(lv, 'show modal', 'hide modal');
});

scenario('ignore_attributes', async (lv) => {
  await lv.goto('/js');
  await syncLV(lv);
  const details = lv.page.locator('details');
  assert.equal(await details.getAttribute('open'), null);
  await details.click();
  await poll('details open', () => details.getAttribute('open'), (v) => v !== null);
  // a server patch of the <details> would close it again without ignore_attributes
  await lv.page.locator('details button').click();
  await syncLV(lv);
  await lv.waitForText('details button', '1');
  assert.notEqual(await details.getAttribute('open'), null);
});
