// Upstream tests/issues/4323.spec.js (describe "phx-patch-focused"), re-expressed
// (examples/src/conformance/issues/issue_4323.rs). Upstream's beforeEach (load the page) is at
// the start of each scenario; its evalLV increment is our sandbox command `increment_counter`.

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, evalLV, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

async function open(lv) {
  await lv.goto('/issues/4323');
  await syncLV(lv);
}

async function incrementCounter(lv) {
  await evalLV(lv.page, 'increment_counter');
  await syncLV(lv);
}

const isFocused = (lv, id) =>
  waitInPage(lv.page, `#${id} to be focused`, (id) => document.activeElement?.id === id, id);

scenario('preserves focused form-associated custom elements by default', async (lv) => {
  await open(lv);
  await lv.page.locator('#face-default').focus();
  await isFocused(lv, 'face-default');

  await incrementCounter(lv);

  await lv.waitForText('#face-default-child', 'count:0');
});

scenario('patches an opted-in focused form-associated custom element', async (lv) => {
  await open(lv);
  await lv.page.locator('#face-opt-in').focus();
  await isFocused(lv, 'face-opt-in');

  await incrementCounter(lv);

  await lv.waitForText('#face-opt-in-child', 'count:1');
});

scenario('patches opted-in slotted children when focus is delegated', async (lv) => {
  await open(lv);
  await lv.page.locator('#face-delegates').click();
  await isFocused(lv, 'face-delegates');

  await incrementCounter(lv);

  await lv.waitForText('#face-delegates-child', 'count:1');
});

scenario('preserves a focused native input by default', async (lv) => {
  await open(lv);
  const input = lv.page.locator('#native-default');
  await input.fill('client');
  await isFocused(lv, 'native-default');

  await incrementCounter(lv);

  assert.equal(await input.inputValue(), 'client');
});

scenario('patches an opted-in focused native input', async (lv) => {
  await open(lv);
  const input = lv.page.locator('#native-opt-in');
  await input.fill('client');
  await isFocused(lv, 'native-opt-in');

  await incrementCounter(lv);

  await waitInPage(lv.page, '#native-opt-in to have value 1', () => document.querySelector('#native-opt-in').value === '1');
});
