// /feed: a stream (phx-update="stream") driven by the official client. The server keeps no
// item, so everything here is what the client did with the stream operations it was sent.
import assert from 'node:assert/strict';
import { WEBSOCKET_REFUSED, e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

const REJOIN_MS = 20_000; // the client's socket reconnect backoff reaches 5 s steps

/** The ids of the feed's items, top to bottom. */
function ids(lv) {
  return lv.page.evaluate(() => [...document.querySelectorAll('#items > li')].map((li) => li.id));
}

function range(from, to) {
  const out = [];
  if (from <= to) for (let n = from; n <= to; n++) out.push(`items-${n}`);
  else for (let n = from; n >= to; n--) out.push(`items-${n}`);
  return out;
}

/** The `"stream"` entry of the first stream comprehension in a diff, or undefined. */
function streamOf(diff) {
  if (diff === null || typeof diff !== 'object' || Array.isArray(diff)) return undefined;
  if (Array.isArray(diff.stream)) return diff;
  for (const v of Object.values(diff)) {
    const found = streamOf(v);
    if (found) return found;
  }
  return undefined;
}

scenario('after 60 prepends the page holds exactly 50 items, newest first', async (lv) => {
  await lv.goto('/feed');
  assert.deepEqual(await ids(lv), range(1, 20), 'the mount shows items 1..20 in order');
  for (let i = 0; i < 60; i++) {
    const { reply } = await lv.click('#prepend');
    const s = streamOf(reply.payload.response.diff);
    assert.ok(s, `prepend ${i + 1} sends a stream diff`);
    assert.equal(s.k.kc, 1, 'one item travels per prepend');
    assert.equal(s.s, undefined, 'statics stay cached');
    assert.deepEqual(s.stream[1], [[`items-${21 + i}`, 0, 50, false]]);
  }
  await lv.sync();
  assert.deepEqual(await ids(lv), range(80, 31), '50 items, newest first');
  assert.equal(await lv.text('#items > li:first-child .text'), 'item 80');
});

scenario('delete removes exactly one item; edit-first changes text in place; reset leaves 5', async (lv) => {
  await lv.goto('/feed');
  await lv.click('#items-7-delete');
  await waitInPage(lv.page, 'items-7 to go', () => !document.getElementById('items-7'));
  assert.deepEqual(await ids(lv), range(1, 20).filter((id) => id !== 'items-7'));

  await lv.click('#prepend');
  await lv.waitForText('#items > li:first-child .text', 'item 21');
  const before = await ids(lv);
  await lv.click('#edit-first');
  await lv.waitForText('#items-21 .text', 'edited 21');
  assert.deepEqual(await ids(lv), before, 'nothing moved');

  await lv.click('#append');
  await lv.waitForText('#items > li:last-child .text', 'item 22');
  await lv.click('#reset');
  await waitInPage(lv.page, 'five items', () => document.querySelectorAll('#items > li').length === 5);
  assert.deepEqual(await ids(lv), range(23, 27));
  await lv.sync();
});

scenario(
  'after a server restart (same secret) the page shows the join\'s items, no duplicates',
  { consoleErrors: [WEBSOCKET_REFUSED] },
  async (lv, { gallery }) => {
    await lv.goto('/feed');
    for (let i = 0; i < 3; i++) await lv.click('#prepend');
    await lv.click('#items-5-delete');
    await lv.sync();
    assert.equal((await ids(lv)).length, 22);
    const oldSocket = lv.sockets.length - 1;
    const since = lv.mark();

    await gallery.stop('SIGTERM');
    await lv.waitUntil('the websocket to close', () => lv.sockets[oldSocket].closed);
    await gallery.start();
    const rejoin = await lv.waitForFrame(
      'rejoin on a new socket',
      (f) => f.dir === 'sent' && f.event === 'phx_join' && f.socket > oldSocket,
      { since, timeout: REJOIN_MS },
    );
    const joined = await lv.replyTo(rejoin);
    assert.equal(joined.payload.status, 'ok', JSON.stringify(joined.payload));
    const s = streamOf(joined.payload.response.rendered);
    assert.equal(s.stream[1].length, 20, 'the join inserts the mount\'s items');
    await waitInPage(lv.page, 'the join\'s items', () => document.querySelector('[data-phx-main].phx-connected'));
    await lv.sync();
    assert.deepEqual(await ids(lv), range(1, 20), 'exactly the join\'s items, once each');
    assert.equal(lv.documentRequests(), 1, 'no page reload');
  },
);
