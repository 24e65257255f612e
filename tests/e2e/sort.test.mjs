// /sort: the donations table of /paginate, sorted. Sort and page live in the URL: header buttons
// push_patch, page links patch (no join, no page load), and Back undoes a sort.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** Path and query of a live_patch `to` or a `url` (absolute or a path). */
function pathOf(lv, to) {
  const url = new URL(to, lv.baseURL);
  assert.equal(url.origin, lv.baseURL, `same-origin target: ${to}`);
  return url.pathname + url.search;
}

/** Clicks the patch link `selector`: the client sends live_patch to `path` and the view answers ok. */
async function followPatch(lv, selector, path) {
  const since = lv.mark();
  await lv.page.locator(selector).click();
  const sent = await lv.waitForFrame(
    `live_patch after clicking ${selector}`,
    (f) => f.dir === 'sent' && f.event === 'live_patch',
    { since },
  );
  assert.equal(pathOf(lv, sent.payload.url), path, `${selector} patches to ${path}`);
  const reply = await lv.replyTo(sent);
  assert.equal(reply.payload.status, 'ok');
  await lv.waitForPath(path);
  await lv.sync();
  return { since, sent, reply };
}

/** After an event answered by push_patch: the live_patch push precedes the reply and names `path`. */
async function pushedPatch(lv, since, event, path) {
  const patch = await lv.waitForFrame('live_patch push', (f) => f.dir === 'received' && f.event === 'live_patch', {
    since,
  });
  assert.equal(pathOf(lv, patch.payload.to), path);
  assert.equal(patch.payload.kind, 'push');
  assert.ok(patch.seq < (await lv.replyTo(event)).seq, 'the live_patch push arrives before the reply');
  await lv.waitForPath(path);
  await lv.sync();
}

/** Goes back (or forward) in history to `path`; the client patches the view there. */
async function travel(lv, direction, path) {
  const since = lv.mark();
  await lv.page.evaluate((d) => (d === 'back' ? history.back() : history.forward()), direction);
  await lv.waitForPath(path);
  const sent = await lv.waitForFrame(
    `live_patch on ${direction}`,
    (f) => f.dir === 'sent' && f.event === 'live_patch',
    { since },
  );
  assert.equal(pathOf(lv, sent.payload.url), path);
  await lv.replyTo(sent);
  await lv.sync();
}

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
