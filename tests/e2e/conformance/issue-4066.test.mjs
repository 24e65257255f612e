// Upstream tests/issues/4066.spec.js, re-expressed (examples/src/conformance/issues/issue_4066.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('events for disconnected elements are ignored', async (lv) => {
  // An input event makes the hook push an event after a delay; before it fires, a button
  // press removes the element. Previously the event bubbled to the parent and crashed the view.
  await lv.goto('/issues/4066?delay=100');
  await syncLV(lv);

  const renderTime = await lv.page.locator('#render-time').evaluate((el) => el.innerText);

  await lv.page.locator('input').fill('123');
  await lv.page.locator('button').click();
  await syncLV(lv);
  await lv.page.locator('input').waitFor({ state: 'hidden' });

  // The hook sets this attribute when the delay fires: we should not crash here
  await waitInPage(lv.page, 'body[data-pushed=yes]', () => document.body.getAttribute('data-pushed') === 'yes');

  // We can show the input again
  await lv.page.locator('button').click();
  await syncLV(lv);
  await lv.page.locator('input').waitFor({ state: 'visible' });

  // LiveView did not remount
  assert.equal(await lv.text('#render-time'), renderTime);
});
