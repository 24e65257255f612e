// /decarbonize with the official client: each card is a live component whose form carries
// phx-target={myself}. A choice is sent with the card's cid; the server answers with that card
// alone, then the page's total; no other card is re-sent.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** The `c` keys of every diff the server sent since `since` (replies and pushed diffs). */
function componentsSent(lv, since) {
  const cids = [];
  for (const f of lv.lvFrames({ dir: 'received', since })) {
    const diff = f.event === 'phx_reply' ? f.payload?.response?.diff : f.event === 'diff' ? f.payload : undefined;
    if (diff?.c) cids.push(...Object.keys(diff.c));
  }
  return cids;
}

scenario('a choice re-renders its card and the total, nothing else', async (lv) => {
  await lv.goto('/decarbonize');
  assert.match(await lv.page.title(), /^Decarbonize calculator/);
  await lv.waitForText('#total', '20');
  const cid = await lv.page.getAttribute('#card-vehicle', 'data-phx-component');
  assert.ok(cid, 'the client marks the card root with its cid');

  const since = lv.mark();
  await lv.page.selectOption('#card-vehicle-choice', 'electric');
  const sent = await lv.waitForFrame(
    'the card form change',
    (f) => f.dir === 'sent' && f.event === 'event' && f.payload?.type === 'form',
    { since },
  );
  assert.equal(sent.payload.cid, Number(cid), "the change carries the vehicle card's cid");
  assert.equal(new URLSearchParams(sent.payload.value).get('choice'), 'electric');
  const reply = await lv.replyTo(sent);
  assert.deepEqual(Object.keys(reply.payload.response.diff.c ?? {}), [cid], 'the reply carries the vehicle card');
  await lv.waitForText('#card-vehicle-tons', '1');
  await lv.waitForText('#total', '13');
  await lv.sync();
  assert.deepEqual(componentsSent(lv, since), [cid], 'no other card was sent');
  const pushed = lv.lvFrames({ dir: 'received', event: 'diff', since }).map((f) => f.payload);
  assert.deepEqual(pushed.map(Object.values), [['13']], 'then the page sends its total, alone');
  assert.equal(await lv.text('#card-heating-tons'), '6');
  assert.equal(await lv.text('#card-electricity-tons'), '6');

  await lv.page.selectOption('#card-heating-choice', 'heatpump');
  await lv.waitForText('#total', '8');
  await lv.page.selectOption('#card-electricity-choice', 'solar');
  await lv.waitForText('#total', '4');
  await lv.sync();
  assert.equal(await lv.text('#card-vehicle-tons'), '1', 'the vehicle card kept its choice');
  assert.equal(await lv.page.inputValue('#card-vehicle-choice'), 'electric');
});
