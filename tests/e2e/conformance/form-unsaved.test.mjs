// Upstream tests/form-unsaved.spec.js, re-expressed: `/form-unsaved`, `/form-unsaved/target`
// (examples/src/conformance/forms/unsaved.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, networkEvents, syncLV, wsEvents } from './helpers.mjs';
import { expectText, expectValue } from './forms-helpers.mjs';

const { scenario } = conformanceSuite();

const unsavedEvents = (page) => page.evaluate(() => window.unsavedEvents);

scenario('can prevent live navigation and beforeunload', async (lv) => {
  const { page } = lv;
  await lv.goto('/form-unsaved');
  await syncLV(lv);
  assert.deepEqual(await unsavedEvents(page), []);

  await page.locator('#unsaved-note').fill('draft');
  await syncLV(lv);
  await expectText(page, '#unsaved-value', 'Unsaved value: draft');

  // live navigation asks first; refused, nothing is fetched or sent
  const mark = lv.mark();
  const confirmShown = page.waitForEvent('dialog');
  const clicked = page.getByRole('link', { name: 'Leave form' }).click();
  const confirm = await confirmShown;
  assert.equal(confirm.type(), 'confirm');
  assert.equal(confirm.message(), 'You have unsaved changes. Leave without saving?');
  await confirm.dismiss();
  await clicked;

  assert.equal(await lv.path(), '/form-unsaved');
  assert.deepEqual(networkEvents(lv, mark), []);
  assert.deepEqual(wsEvents(lv, mark), []);
  const navigation = {
    type: 'phx',
    detail: { href: `${lv.baseURL}/form-unsaved/target`, patch: false, pop: false, direction: 'forward' },
  };
  assert.deepEqual(await unsavedEvents(page), [navigation]);

  await page.locator('#unsaved-note').fill('draft after live nav cancel');
  await syncLV(lv);
  await expectText(page, '#unsaved-value', 'Unsaved value: draft after live nav cancel');

  // closing the page asks too (beforeunload); refused, the page and its socket stay
  const unloadShown = page.waitForEvent('dialog');
  const closing = page.close({ runBeforeUnload: true });
  const dialog = await unloadShown;
  assert.equal(dialog.type(), 'beforeunload');
  await dialog.dismiss();
  await closing;

  assert.equal(page.isClosed(), false);
  assert.equal(await lv.path(), '/form-unsaved');
  await expectValue(page, '#unsaved-note', 'draft after live nav cancel');
  assert.deepEqual(await unsavedEvents(page), [navigation, { type: 'beforeunload' }]);
  assert.deepEqual(
    await page.evaluate(() => ({ connected: window.liveSocket.isConnected(), unloaded: window.liveSocket.isUnloaded() })),
    { connected: true, unloaded: false },
  );

  await page.locator('#unsaved-note').fill('draft after beforeunload cancel');
  await syncLV(lv);
  await expectText(page, '#unsaved-value', 'Unsaved value: draft after beforeunload cancel');

  // (ours) let the harness leave the page afterwards without another prompt
  page.on('dialog', (d) => d.accept());
});
