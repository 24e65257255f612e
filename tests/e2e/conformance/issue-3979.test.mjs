// Upstream tests/issues/3979.spec.js, re-expressed (examples/src/conformance/issues/issue_3979.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('components destroyed check works properly', async (lv) => {
  await lv.goto('/issues/3979');
  await syncLV(lv);

  const bump = lv.page.getByRole('button', { name: 'Bump ID (and counter)' });
  for (let i = 0; i < 10; i++) {
    await bump.click();
    await syncLV(lv);
  }

  for (let i = 1; i <= 10; i++) {
    await lv.waitForText(`[data-phx-component="${i}"]`, '10');
  }

  assert.deepEqual(lv.pageErrors, []);
});
