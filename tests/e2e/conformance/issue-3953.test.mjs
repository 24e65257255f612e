// Upstream tests/issues/3953.spec.js, re-expressed (examples/src/conformance/issues/issue_3953.rs).

import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const nestedComponents = (lv, n) =>
  waitInPage(
    lv.page,
    `${n} [data-phx-component='1'] in #nested_view`,
    (n) => document.querySelectorAll("#nested_view [data-phx-component='1']").length === n,
    n,
  );

scenario('component destroy messages respect the parent', async (lv) => {
  await lv.goto('/issues/3953');
  await syncLV(lv);
  await nestedComponents(lv, 0);

  // the first render works fine
  await lv.page.getByRole('button', { name: 'Show' }).click();
  await syncLV(lv);
  await nestedComponents(lv, 1);

  // the bug was that a cids_destroyed message was sent to the parent view
  await lv.page.getByRole('button', { name: 'Show' }).click();
  await syncLV(lv);
  await nestedComponents(lv, 0);

  // so this failed, as CID 1 was not found when rendering
  await lv.page.getByRole('button', { name: 'Show' }).click();
  await syncLV(lv);
  await nestedComponents(lv, 1);
});
