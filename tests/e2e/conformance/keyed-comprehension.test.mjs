// Upstream tests/keyed-comprehension.spec.js, re-expressed: `/keyed-comprehension`
// (examples/src/conformance/keyed.rs). One scenario per tab, as upstream's loop declares them.

import assert from 'node:assert/strict';
import { conformanceSuite, evalLV, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

for (const tab of ['all_keyed', 'rows_keyed', 'no_keyed']) {
  scenario(`renders correctly - ${tab}`, async (lv) => {
    const { page } = lv;
    await lv.goto(`/keyed-comprehension?tab=${tab}`);
    await syncLV(lv);

    for (let i = 0; i < 10; i++) {
      await page.getByRole('button', { name: 'randomize' }).click();
      await syncLV(lv);
    }

    // the items in the server's order (upstream reads socket.assigns.items)
    const { result: items } = await evalLV(page, 'items');
    assert.ok(Array.isArray(items) && items.length === 10, JSON.stringify(items));

    const rowText = (table, index) =>
      page
        .locator('table')
        .nth(table)
        .locator('tbody tr')
        .nth(index)
        .evaluate((tr) => tr.textContent.replace(/\s+/g, ' '));

    for (const [index, item] of items.entries()) {
      assert.equal(await rowText(0, index), ` Count: 10 Name: ${item.entry.foo.bar} 1 10 `);
      assert.equal(await rowText(1, index), ` Count: 10 Name: ${item.entry.foo.bar} 2 10 `);
    }
  });
}
