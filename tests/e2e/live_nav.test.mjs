// /live-nav/:sub: navigation the server decides. push_patch changes the query in the same view
// (handle_params), push_navigate mounts another sub-page's view on the same socket; neither
// loads a page, and Back undoes each the way the client does it.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

scenario('push_patch keeps the view and its state, and Back patches the query away', async (lv) => {
  await lv.goto('/live-nav/one');
  const instance = await lv.text('#instance');
  await lv.click('#click');
  await lv.waitForText('#clicks', '1');
  const historyBefore = await lv.historyLength();

  const { since } = await lv.click('#patch-foo');
  await lv.waitForPath('/live-nav/one?id=foo');
  await lv.waitForText('#query-id', 'foo');
  await lv.sync();
  const patch = await lv.waitForFrame('the server live_patch', (f) => f.dir === 'received' && f.event === 'live_patch', {
    since,
  });
  assert.equal(patch.payload.kind, 'push');
  assert.equal(await lv.historyLength(), historyBefore + 1, 'a history entry');
  assert.equal(await lv.text('#instance'), instance, 'the same view');
  assert.equal(await lv.text('#clicks'), '1', 'kept its state');
  assert.equal(await lv.text('#params-runs'), '2');
  assert.deepEqual(lv.lvFrames({ dir: 'sent', event: 'phx_join', since }), [], 'no join');

  const back = lv.mark();
  await lv.page.goBack();
  await lv.waitForPath('/live-nav/one');
  await lv.waitForText('#query-id', 'none');
  await lv.sync();
  assert.ok(lv.lvFrames({ dir: 'sent', event: 'live_patch', since: back }).length === 1, 'Back is a client live_patch');
  assert.equal(await lv.text('#instance'), instance);
  assert.equal(await lv.text('#params-runs'), '3');
  assert.equal(lv.documentRequests(), 1, 'one page load in all');
});

scenario('push_navigate mounts the other sub-page on the same socket, and Back mounts the first again', async (lv) => {
  await lv.goto('/live-nav/one');
  const first = await lv.text('#instance');
  await lv.click('#click');
  await lv.waitForText('#clicks', '1');

  const { since, reply } = await lv.click('#navigate-two');
  assert.deepEqual(reply.payload.response.live_redirect, { to: '/live-nav/two', kind: 'push' }, 'the reply navigates');
  await lv.waitForPath('/live-nav/two');
  await lv.waitForText('#sub', 'two');
  await lv.sync();
  const join = lv.lvFrames({ dir: 'sent', event: 'phx_join', since }).at(-1);
  assert.equal(join.payload.redirect, `${lv.baseURL}/live-nav/two`);
  assert.equal(lv.sockets.length, 1, 'the same websocket');
  assert.equal(lv.documentRequests(), 1, 'no page load');
  assert.notEqual(await lv.text('#instance'), first, 'a new view');
  assert.equal(await lv.text('#clicks'), '0', 'with fresh state');
  assert.equal(await lv.page.locator('#navigate-two').isDisabled(), true, 'the current sub-page');

  await lv.page.goBack();
  await lv.waitForPath('/live-nav/one');
  await lv.waitForText('#sub', 'one');
  await lv.sync();
  assert.equal(lv.documentRequests(), 1, 'Back navigates live too');
  assert.equal(await lv.text('#clicks'), '0', 'Back mounts the first sub-page afresh');
});
