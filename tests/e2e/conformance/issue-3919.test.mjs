// Upstream tests/issues/3919.spec.js, re-expressed (examples/src/conformance/issues/issue_3919.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

/** Waits until the styled div's text contains "No red" (or not) and its style is red (or not). */
function styledDivIs(lv, { noRed, red }) {
  return waitInPage(
    lv.page,
    `div[style] ${noRed ? 'contains' : 'lacks'} "No red" and is ${red ? '' : 'not '}red`,
    ({ noRed, red }) => {
      const div = document.querySelector('div[style]');
      if (!div) return false;
      return div.textContent.includes('No red') === noRed && (div.getAttribute('style') === 'background-color: red;') === red;
    },
    { noRed, red },
  );
}

scenario('attribute defaults are properly considered as changed', async (lv) => {
  await lv.goto('/issues/3919');
  await syncLV(lv);
  // upstream's locator `div[style]` must find the div: the empty style is rendered
  assert.equal(await lv.page.locator('div[style]').count(), 1);
  await styledDivIs(lv, { noRed: true, red: false });

  await lv.page.getByRole('button', { name: 'toggle' }).click();
  await syncLV(lv);
  await styledDivIs(lv, { noRed: false, red: true });

  await lv.page.getByRole('button', { name: 'toggle' }).click();
  await syncLV(lv);
  // bug: previously, the red background remained
  await styledDivIs(lv, { noRed: true, red: false });
});
