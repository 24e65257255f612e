// /paginate: the URL is the state. Patch links and push_patch change it in place
// (no join, no page load), handle_params reads it, and Back, Forward and a reload show its page.
import assert from 'node:assert/strict';
import { followPatch, pathOf, pushedPatch, travel } from './patching.mjs';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

function rowIds(lv) {
  return lv.page.evaluate(() => [...document.querySelectorAll('#donations tbody tr')].map((tr) => tr.id));
}

const ids = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `donation-${from + i}`);

function joins(lv) {
  return lv.lvFrames({ dir: 'sent', event: 'phx_join' }).length;
}

scenario('paginate: patch links and the page size patch the URL; back, forward, reload show its page', async (lv) => {
  await lv.goto('/paginate');
  assert.deepEqual(await rowIds(lv), ids(1, 10));
  const history0 = await lv.historyLength();

  await followPatch(lv, '#next', '/paginate?page=2&per_page=10');
  await lv.waitForText('#page-info', 'Page 2 of 5: rows 11–20 of 48');
  assert.deepEqual(await rowIds(lv), ids(11, 20));
  assert.equal(await lv.page.locator('#page-2').getAttribute('aria-current'), 'page');

  // The select sends phx-change; its handler only push_patches, and row 11 stays on screen.
  const since = lv.mark();
  await lv.page.locator('#per-page').selectOption('5');
  const change = await lv.waitForFrame(
    'per-page change',
    (f) => f.dir === 'sent' && f.event === 'event' && f.payload.type === 'form' && f.payload.event === 'per-page',
    { since },
  );
  assert.equal(new URLSearchParams(change.payload.value).get('per_page'), '5');
  await pushedPatch(lv, since, change, '/paginate?page=3&per_page=5');
  await lv.waitForText('#page-info', 'Page 3 of 10: rows 11–15 of 48');
  assert.deepEqual(await rowIds(lv), ids(11, 15));
  assert.equal(await lv.historyLength(), history0 + 2, 'each patch is a history entry');

  await travel(lv, 'back', '/paginate?page=2&per_page=10');
  await lv.waitForText('#page-info', 'Page 2 of 5: rows 11–20 of 48');
  assert.deepEqual(await rowIds(lv), ids(11, 20));
  assert.equal(await lv.page.locator('#per-page').inputValue(), '10', 'the select follows the URL');
  await travel(lv, 'back', '/paginate');
  assert.deepEqual(await rowIds(lv), ids(1, 10));
  await travel(lv, 'forward', '/paginate?page=2&per_page=10');
  await travel(lv, 'forward', '/paginate?page=3&per_page=5');
  assert.deepEqual(await rowIds(lv), ids(11, 15));
  assert.equal(joins(lv), 1, 'one mount for every patch');
  assert.equal(lv.documentRequests(), 1, 'no page load');

  await lv.page.reload();
  await lv.sync();
  assert.deepEqual(await rowIds(lv), ids(11, 15), 'a reload shows the page of the URL');
  assert.equal(await lv.page.locator('#per-page').inputValue(), '5');
  assert.equal(lv.documentRequests(), 2);
});

scenario('paginate: a patch to a page that does not exist ends at the URL of the page shown', async (lv) => {
  await lv.goto('/paginate');
  const since = lv.mark();
  // A JS.patch command (as a hand-edited link would) to a page past the end, at a size not offered.
  await lv.page.evaluate(() =>
    window.liveSocket.execJS(document.querySelector('#pager'), '[["patch",{"href":"/paginate?page=99&per_page=7"}]]'),
  );
  const sent = await lv.waitForFrame('live_patch', (f) => f.dir === 'sent' && f.event === 'live_patch', { since });
  assert.equal(pathOf(lv, sent.payload.url), '/paginate?page=99&per_page=7');
  const patch = await lv.waitForFrame('live_patch push', (f) => f.dir === 'received' && f.event === 'live_patch', {
    since,
  });
  assert.equal(pathOf(lv, patch.payload.to), '/paginate?page=5&per_page=10');
  assert.equal(patch.payload.kind, 'replace');
  await lv.waitForText('#page-info', 'Page 5 of 5: rows 41–48 of 48');
  await lv.sync();
  assert.equal(await lv.path(), '/paginate?page=5&per_page=10', 'the address bar names the page shown');

  // A page load of such a URL is redirected there before anything renders.
  await lv.goto('/paginate?page=0&per_page=20');
  assert.equal(await lv.path(), '/paginate?page=1&per_page=20');
  await lv.waitForText('#page-info', 'Page 1 of 3: rows 1–20 of 48');
});
