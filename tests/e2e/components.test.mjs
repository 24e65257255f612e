// /components: live components driven by the official client. A click on a card's button
// carries phx-target={myself}: the client sends the card's cid, the reply carries only that
// card, and the card's message to the parent updates the total. The parent adds, removes
// (the client then runs the destroy protocol) and resets the cards.
import assert from 'node:assert/strict';
import { e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

/** The ids of the cards on the page, in order. */
function cards(lv) {
  return lv.page.evaluate(() => [...document.querySelectorAll('#cards > .card')].map((c) => c.id));
}

scenario('three clicks on card 2 count on card 2 only, and the total follows', async (lv) => {
  await lv.goto('/components');
  assert.deepEqual(await cards(lv), ['card-1', 'card-2', 'card-3']);
  const cid = await lv.page.getAttribute('#card-2', 'data-phx-component');
  assert.ok(cid, 'the client marks the component root with its cid');
  for (let i = 1; i <= 3; i++) {
    const { sent, reply } = await lv.click('#card-2-inc');
    assert.equal(sent.payload.cid, Number(cid), 'the event carries the card\'s cid');
    const diff = reply.payload.response.diff;
    assert.deepEqual(Object.keys(diff), ['c'], 'the reply carries only components');
    assert.deepEqual(Object.keys(diff.c), [cid], 'only card 2');
    await lv.waitForText('#card-2-count', String(i));
  }
  await lv.waitForText('#total', '3');
  assert.equal(await lv.text('#card-1-count'), '0');
  assert.equal(await lv.text('#card-3-count'), '0');
  await lv.sync();
});

scenario('add, remove (the client destroys the card) and reset-all', async (lv) => {
  await lv.goto('/components');
  await lv.click('#card-1-inc');
  await lv.waitForText('#total', '1');
  await lv.click('#add-card');
  await waitInPage(lv.page, 'card 4 to appear', () => !!document.getElementById('card-4'));
  assert.deepEqual(await cards(lv), ['card-1', 'card-2', 'card-3', 'card-4']);
  await lv.click('#card-4-inc');
  await lv.click('#card-4-inc');
  await lv.waitForText('#card-4-count', '2');
  await lv.waitForText('#total', '3');

  const since = lv.mark();
  await lv.click('#remove-card');
  await waitInPage(lv.page, 'card 4 to go', () => !document.getElementById('card-4'));
  const destroyed = await lv.waitForFrame(
    'the client reporting the removed card destroyed',
    (f) => f.dir === 'sent' && f.event === 'cids_destroyed',
    { since },
  );
  const freed = await lv.replyTo(destroyed);
  assert.deepEqual(freed.payload.response.cids, destroyed.payload.cids, 'the server frees exactly those');
  await lv.waitForText('#total', '1');

  await lv.click('#card-2-inc');
  await lv.waitForText('#total', '2');
  await lv.click('#reset-all');
  for (const n of [1, 2, 3]) await lv.waitForText(`#card-${n}-count`, '0');
  await lv.waitForText('#total', '0');
  // Card 4 again: a new instance, counting from 0.
  await lv.click('#add-card');
  await waitInPage(lv.page, 'card 4 to come back', () => !!document.getElementById('card-4'));
  assert.equal(await lv.text('#card-4-count'), '0');
  await lv.sync();
});
