// Upstream tests/issues/3684.spec.js, re-expressed (examples/src/conformance/issues/issue_3684.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('nested clones are correctly applied', async (lv) => {
  await lv.goto('/issues/3684');
  await syncLV(lv);
  assert.equal(await lv.page.locator('#dewey').getAttribute('checked'), null);

  await lv.page.locator('#dewey').click();
  await syncLV(lv);
  await waitInPage(lv.page, '#dewey to have the checked attribute', () => document.querySelector('#dewey')?.hasAttribute('checked'));
});
