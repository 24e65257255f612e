// Upstream tests/issues/4209.spec.js, re-expressed (examples/src/conformance/issues/issue_4209.rs).

import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const lockIs = (lv, locked) =>
  waitInPage(
    lv.page,
    `#locked-panel ${locked ? 'to have' : 'not to have'} data-phx-ref-lock="0"`,
    (locked) => (document.querySelector('#locked-panel')?.getAttribute('data-phx-ref-lock') === '0') === locked,
    locked,
  );

scenario('skipped locked ancestor keeps nested component patches private until unlock', async (lv) => {
  // The hook of #locked-panel pushes an event to a slow nested view, which keeps the panel
  // locked for a while; meanwhile the parent bumps a counter outside the panel and updates
  // the component inside it. The label must stay "child 0" while the panel is locked: the
  // "child 1" patch goes to the private locked clone, visible only once the lock is acked.
  await lv.goto('/issues/4209');
  await syncLV(lv);

  await lv.waitForText('#outside-count', '0');
  await lv.waitForText('#locked-child-label', 'child 0');

  await lv.page.getByRole('button', { name: 'Start locked update' }).click();

  await lockIs(lv, true);
  await lv.waitForText('#outside-count', '1');

  await sleep(150);
  await lockIs(lv, true);
  // previously the locked panel was skipped with the magic-id optimization, and this failed
  await lv.waitForText('#locked-child-label', 'child 0');

  await syncLV(lv);

  await lv.waitForText('#locked-child-label', 'child 1');
  await lockIs(lv, false);
});
