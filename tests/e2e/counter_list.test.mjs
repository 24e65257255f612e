// Counter and list pages: clicks, many events, and one-row diffs.
import assert from 'node:assert/strict';
import { comprehensions, e2eSuite, keyPaths } from './support.mjs';

const { scenario } = e2eSuite();

const CLICKS = 50;

scenario('counter: the join is a full render and #inc/#dec change #count', async (lv) => {
  await lv.goto('/counter');

  const join = await lv.waitForFrame('phx_join', (f) => f.dir === 'sent' && f.event === 'phx_join');
  assert.equal(join.payload.url, `${lv.baseURL}/counter`);
  assert.equal(join.payload.params._mounts, 0);
  const joined = await lv.replyTo(join);
  assert.equal(joined.payload.status, 'ok');
  assert.equal(joined.payload.response.liveview_version, '1.2.12');
  assert.ok(joined.payload.response.rendered?.s, 'the join reply carries a full render with statics');

  await lv.waitForText('#count', '0');

  const inc = await lv.click('#inc');
  await lv.waitForText('#count', '1');
  assert.deepEqual(inc.sent.payload.value, { value: '' }, 'a button click sends {value: ""}');
  const diff = inc.reply.payload.response.diff;
  assert.ok(diff, 'the reply to #inc carries a diff');
  assert.deepEqual(keyPaths(diff, 's'), [], 'a count change resends no statics');

  await lv.click('#inc');
  await lv.waitForText('#count', '2');
  await lv.click('#dec');
  await lv.waitForText('#count', '1');
  await lv.sync();
  assert.equal(lv.documentRequests(), 1, 'no page load besides the first');
});

// The client ignores a click on an element that still awaits the ack of its previous click
// (live_socket.ts: "noop if we are in the middle of awaiting an ack for this el already"), so a
// person's click only counts once the button is released. We click again the moment the client
// accepts a click, never waiting for #count, and expect every click to be counted exactly once.
scenario(`counter: ${CLICKS} rapid clicks end at exactly ${CLICKS}`, async (lv) => {
  await lv.goto('/counter');
  await lv.waitForText('#count', '0');
  const since = lv.mark();

  for (let i = 0; i < CLICKS; i++) {
    await lv.page.locator('#inc:not([data-phx-ref-src])').click();
  }

  await lv.waitForText('#count', String(CLICKS));
  await lv.sync();
  const replies = await lv.waitUntil(`${CLICKS} replies`, () => {
    const r = lv.lvFrames({ dir: 'received', event: 'phx_reply', since });
    return r.length >= CLICKS && r;
  });
  const clicks = lv.lvFrames({ dir: 'sent', event: 'event', since }).filter((f) => f.payload.type === 'click');
  assert.equal(clicks.length, CLICKS, 'one event frame per click');
  assert.deepEqual(
    replies.map((f) => f.ref),
    clicks.map((f) => f.ref),
    'every click answered, in order',
  );
  assert.equal(lv.documentRequests(), 1);
});

// The same count with all events in flight at once: JS.push (via the public liveSocket.execJS)
// is not subject to the click lock, so the server receives the events back to back.
scenario(`counter: ${CLICKS} events in flight at once are applied in order`, async (lv) => {
  await lv.goto('/counter');
  await lv.waitForText('#count', '0');
  const since = lv.mark();

  await lv.page.evaluate((n) => {
    if (!window.liveSocket) throw new Error('the gallery must expose its LiveSocket as window.liveSocket');
    const inc = document.querySelector('#inc');
    const push = JSON.stringify([['push', { event: inc.getAttribute('phx-click') }]]);
    for (let i = 0; i < n; i++) window.liveSocket.execJS(inc, push);
  }, CLICKS);

  await lv.waitForText('#count', String(CLICKS));
  await lv.sync();
  const replies = await lv.waitUntil(`${CLICKS} replies`, () => {
    const r = lv.lvFrames({ dir: 'received', event: 'phx_reply', since });
    return r.length >= CLICKS && r;
  });
  const pushes = lv.lvFrames({ dir: 'sent', event: 'event', since });
  assert.equal(pushes.length, CLICKS);
  assert.deepEqual(
    replies.map((f) => f.ref),
    pushes.map((f) => f.ref),
    'replies come back in the order the events were sent',
  );
  const firstReply = replies[0].seq;
  assert.ok(
    pushes.filter((f) => f.seq < firstReply).length > 1,
    'several events were in flight before the first reply',
  );
});

/** Text of every `li[id^="row-"]`, by id. */
function rowTexts(lv) {
  return lv.page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('li[id^="row-"]')].map((li) => [li.id, li.textContent.replace(/\s+/g, ' ').trim()]),
    ),
  );
}

/** Asserts the reply diff touches exactly one comprehension entry, `index`, of a 100-row list. */
function assertOneRowDiff(reply, index) {
  const diff = reply.payload.response.diff;
  assert.ok(diff, 'the reply carries a diff');
  const found = comprehensions(diff);
  assert.equal(found.length, 1, `exactly one comprehension in the diff: ${JSON.stringify(diff)}`);
  const { k } = found[0];
  assert.deepEqual(
    Object.keys(k).filter((key) => key !== 'kc'),
    [String(index)],
    `only entry ${index} in the comprehension diff: ${JSON.stringify(diff)}`,
  );
  assert.equal(k.kc, 100, 'the comprehension diff carries kc (the client resets the count from it)');
  assert.deepEqual(keyPaths(diff, 's'), [], `a one-row change resends no statics: ${JSON.stringify(diff)}`);
}

function assertOnlyRowChanged(before, after, changedId) {
  assert.deepEqual(Object.keys(after), Object.keys(before), 'the same rows, in the same order');
  assert.notEqual(after[changedId], before[changedId], `${changedId} text changed`);
  for (const id of Object.keys(before)) {
    if (id !== changedId) assert.equal(after[id], before[id], `${id} is unchanged`);
  }
}

scenario('list: #bump changes only one row, and the reply diff carries only that row', async (lv) => {
  await lv.goto('/list');
  const initial = await rowTexts(lv);
  assert.equal(Object.keys(initial).length, 100, '100 rows');
  // The join reply is larger than one outbound frame (1024 bytes): the server sends it as a
  // text frame plus continuation frames, and the browser must hand the client the whole message.
  const join = lv.frames.find((f) => f.dir === 'received' && f.event === 'phx_reply' && f.topic?.startsWith('lv:'));
  assert.ok(join && !join.malformed, 'the join reply arrived as one well-formed message');
  assert.ok(join.raw.length > 1024, `join reply of ${join.raw.length} bytes spans several frames`);
  assert.equal(join.payload.status, 'ok');
  assert.deepEqual(
    Object.keys(initial),
    Array.from({ length: 100 }, (_, i) => `row-${i}`),
    'rows row-0 … row-99 in order',
  );

  const first = await lv.click('#bump');
  await lv.waitForText('#row-0', new RegExp(`^(?!${escapeRe(initial['row-0'])}$)`));
  await lv.sync();
  const afterFirst = await rowTexts(lv);
  assertOnlyRowChanged(initial, afterFirst, 'row-0');
  assertOneRowDiff(first.reply, 0);

  const second = await lv.click('#bump');
  await lv.waitForText('#row-1', new RegExp(`^(?!${escapeRe(afterFirst['row-1'])}$)`));
  await lv.sync();
  assertOnlyRowChanged(afterFirst, await rowTexts(lv), 'row-1');
  assertOneRowDiff(second.reply, 1);
});

scenario('list: a per-row bump (phx-value-id) changes only that row', async (lv) => {
  await lv.goto('/list');
  const before = await rowTexts(lv);
  const target = '#row-42 [phx-value-id], #row-42[phx-value-id]';
  const id = await lv.page.locator(target).first().getAttribute('phx-value-id');

  const { sent, reply } = await lv.click(`${target} >> nth=0`);
  assert.equal(sent.payload.value.id, id, 'the click carries phx-value-id');
  await lv.waitForText('#row-42', new RegExp(`^(?!${escapeRe(before['row-42'])}$)`));
  await lv.sync();
  assertOnlyRowChanged(before, await rowTexts(lv), 'row-42');
  assertOneRowDiff(reply, 42);
});

function escapeRe(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
