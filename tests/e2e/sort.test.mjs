// /sort: the donations table of /paginate, sorted. Sort and page live in the URL: header buttons
// push_patch, page links patch (no join, no page load), and Back undoes a sort.
import assert from 'node:assert/strict';
import { followPatch, pathOf, pushedPatch, travel } from './patching.mjs';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** Column `n` (1-based: #, item, quantity, expires) of the rows shown. */
function column(lv, n) {
  return lv.page.evaluate(
    (n) => [...document.querySelectorAll(`#donations tbody tr > :nth-child(${n})`)].map((c) => c.textContent.trim()),
    n,
  );
}

const quantities = async (lv) => (await column(lv, 3)).map((q) => Number.parseInt(q, 10));
const ascending = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] <= x);
const descending = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

function joins(lv) {
  return lv.lvFrames({ dir: 'sent', event: 'phx_join' }).length;
}

scenario('sort: header buttons push_patch the sort into the URL, page links keep it, back undoes it', async (lv) => {
  await lv.goto('/sort');
  assert.match((await column(lv, 2))[0], /Apples$/);

  let click = await lv.click('#sort-quantity');
  await pushedPatch(lv, click.since, click.sent, '/sort?sort_by=quantity&order=asc&page=1&per_page=10');
  await lv.waitForText('#sort-quantity', 'Quantity ▲');
  assert.ok(ascending(await quantities(lv)), `${await quantities(lv)}`);
  assert.equal(await lv.page.locator('#donations thead th:nth-child(3)').getAttribute('aria-sort'), 'ascending');
  assert.equal(await lv.page.locator('#donations thead th:nth-child(2)').getAttribute('aria-sort'), null);

  click = await lv.click('#sort-quantity');
  await pushedPatch(lv, click.since, click.sent, '/sort?sort_by=quantity&order=desc&page=1&per_page=10');
  await lv.waitForText('#sort-quantity', 'Quantity ▼');
  const first = await quantities(lv);
  assert.ok(descending(first), `${first}`);

  await followPatch(lv, '#next', '/sort?sort_by=quantity&order=desc&page=2&per_page=10');
  const second = await quantities(lv);
  assert.ok(descending([...first, ...second]), `descending across pages: ${first} | ${second}`);

  await travel(lv, 'back', '/sort?sort_by=quantity&order=desc&page=1&per_page=10');
  assert.deepEqual(await quantities(lv), first);
  await travel(lv, 'back', '/sort?sort_by=quantity&order=asc&page=1&per_page=10');
  await lv.waitForText('#sort-quantity', 'Quantity ▲');
  await travel(lv, 'back', '/sort');
  await lv.waitForText('#sort-item', 'Item ▲');
  assert.match((await column(lv, 2))[0], /Apples$/);
  assert.equal(joins(lv), 1);
  assert.equal(lv.documentRequests(), 1);
});
