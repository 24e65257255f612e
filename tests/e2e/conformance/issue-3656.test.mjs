// Upstream tests/issues/3656.spec.js, re-expressed (examples/src/conformance/issues/issue_3656.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { attributeMutations, containsAll, expectNoClass } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3656
scenario('phx-click-loading is removed from links in sticky LiveViews', async (lv) => {
  await lv.goto('/issues/3656');
  await syncLV(lv);

  const changes = await attributeMutations(lv.page, 'nav a');
  const link = lv.page.getByRole('link', { name: 'Link 1' });
  await link.click();
  await syncLV(lv);
  await expectNoClass(link, /phx-click-loading/);

  const recorded = await changes();
  assert.ok(
    containsAll(recorded, [
      { attr: 'class', oldValue: null, newValue: 'phx-click-loading' },
      { attr: 'class', oldValue: 'phx-click-loading', newValue: '' },
    ]),
    JSON.stringify(recorded),
  );
});
