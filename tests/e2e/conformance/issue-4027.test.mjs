// Upstream tests/issues/4027.spec.js, re-expressed (examples/src/conformance/issues/issue_4027.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const paragraphs = (lv, n) =>
  waitInPage(lv.page, `${n} #result p`, (n) => document.querySelectorAll('#result p').length === n, n);

for (const c of ['first', 'second']) {
  scenario(`keyed comprehensions are merged properly in LiveComponents - case ${c}`, async (lv) => {
    await lv.goto(`/issues/4027?case=${c}`);
    await syncLV(lv);

    await lv.page.getByRole('button', { name: 'Load data' }).click();
    await paragraphs(lv, 3);

    await lv.page.getByRole('button', { name: 'Remove first entry' }).click();
    await paragraphs(lv, 2);

    const text = await lv.text('#result');
    assert.ok(!text.includes('First'), text);
    assert.ok(text.includes('Second'), text);
    assert.ok(text.includes('Third'), text);

    assert.deepEqual(lv.pageErrors, []);
  });
}
