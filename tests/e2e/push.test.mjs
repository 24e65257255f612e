// The socket push API on /push: push_event, push_patch, push_redirect, flash, page title.
import assert from 'node:assert/strict';
import { e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

/** `to` of a live_patch / live_redirect as path + query (it may be a path or a same-origin URL). */
function pathOf(lv, to) {
  const url = new URL(to, lv.baseURL);
  assert.equal(url.origin, lv.baseURL, `same-origin target: ${to}`);
  return url.pathname + url.search;
}

/** After clicking a push_redirect button: the live_redirect (reply field or push) and the new join. */
async function liveRedirected(lv, click, expectedPath) {
  const { since, sent, reply } = click;
  let redirect = reply.payload.response.live_redirect;
  if (!redirect) {
    const push = await lv.waitForFrame(
      'live_redirect push',
      (f) => f.dir === 'received' && f.event === 'live_redirect' && f.topic === sent.topic,
      { since },
    );
    redirect = push.payload;
  }
  assert.equal(pathOf(lv, redirect.to), expectedPath, 'live_redirect target');
  assert.equal(redirect.kind, 'push', 'live_redirect kind');
  const join = await lv.waitForFrame(
    `phx_join with redirect to ${expectedPath}`,
    (f) => f.dir === 'sent' && f.event === 'phx_join',
    { since },
  );
  assert.equal(join.topic, sent.topic, 'live navigation rejoins the same topic');
  assert.equal(join.payload.redirect, `${lv.baseURL}${expectedPath}`);
  assert.equal(join.payload.params._mounts, 0);
  const joined = await lv.replyTo(join);
  assert.equal(joined.payload.status, 'ok');
  return { redirect, join };
}

scenario('push_event reaches the window listener and the hook', async (lv) => {
  await lv.goto('/push');
  assert.equal(await lv.page.locator('#hook-log').getAttribute('phx-hook'), 'Listener');

  for (const n of [1, 2]) {
    const { since, reply } = await lv.click('#push-event');
    await lv.waitForText('#window-log', `foo=bar n=${n}`);
    await lv.waitForText('#hook-log', `foo=bar n=${n}`);
    // The event travels in the `e` of the reply diff (or of a diff push before the reply).
    const carriers = [
      reply.payload.response.diff,
      ...lv
        .lvFrames({ dir: 'received', event: 'diff', since })
        .filter((f) => f.seq < reply.seq)
        .map((f) => f.payload),
    ];
    const events = carriers.flatMap((d) => d?.e ?? []);
    assert.deepEqual(events, [['my-event', { foo: 'bar', n }]], `push_event #${n} on the wire`);
  }
  // What the listeners wrote survives later patches of the view (phx-update="ignore"): a
  // push_patch re-renders #params, so the client morphs the container.
  await lv.click('#patch');
  await lv.waitForText('#params', 'bar=baz');
  await lv.sync();
  assert.equal(await lv.text('#window-log'), 'foo=bar n=2');
  assert.equal(await lv.text('#hook-log'), 'foo=bar n=2');
  assert.equal(lv.documentRequests(), 1);
});

scenario('push_patch changes the URL in place; live_patch precedes the reply', async (lv) => {
  await lv.goto('/push');
  await lv.waitForText('#params', '');
  const mountId = await lv.text('#mount-id');
  assert.ok(mountId, '#mount-id shows an id');
  const historyBefore = await lv.historyLength();

  const { since, sent, reply } = await lv.click('#patch');
  await lv.waitForPath('/push?bar=baz');
  await lv.waitForText('#params', 'bar=baz');
  await lv.sync();

  assert.equal(await lv.historyLength(), historyBefore + 1, 'push_patch adds one history entry');
  assert.deepEqual(lv.requestsSince(since), [], 'no HTTP request at all');
  assert.equal(lv.documentRequests(), 1);
  assert.equal(await lv.text('#mount-id'), mountId, 'a patch does not remount');

  const patch = await lv.waitForFrame(
    'live_patch push',
    (f) => f.dir === 'received' && f.event === 'live_patch',
    { since },
  );
  assert.equal(patch.ref, null, 'live_patch is a push (ref null)');
  assert.equal(patch.topic, sent.topic);
  assert.equal(patch.join_ref, sent.join_ref, 'live_patch carries the current join_ref');
  assert.equal(pathOf(lv, patch.payload.to), '/push?bar=baz');
  assert.equal(patch.payload.kind, 'push');
  assert.ok(patch.seq < reply.seq, 'the live_patch push arrives before the reply to the click');
  assert.deepEqual(
    lv.lvFrames({ since }).filter((f) => ['phx_join', 'phx_leave', 'phx_close'].includes(f.event)),
    [],
    'no leave/join/close: the view stays mounted',
  );
});

scenario('push_patch with replace leaves the history length unchanged', async (lv) => {
  await lv.goto('/push');
  const historyBefore = await lv.historyLength();

  const { since } = await lv.click('#patch-replace');
  await lv.waitForPath('/push?bar=qux');
  await lv.waitForText('#params', 'bar=qux');
  await lv.sync();

  assert.equal(await lv.historyLength(), historyBefore, 'replace does not add a history entry');
  assert.deepEqual(lv.requestsSince(since), [], 'no HTTP request at all');
  const patch = await lv.waitForFrame(
    'live_patch push',
    (f) => f.dir === 'received' && f.event === 'live_patch',
    { since },
  );
  assert.equal(pathOf(lv, patch.payload.to), '/push?bar=qux');
  assert.equal(patch.payload.kind, 'replace');
});

scenario('Back and Forward after a patch restore the params via client live_patch', async (lv) => {
  await lv.goto('/push');
  const mountId = await lv.text('#mount-id');
  await lv.click('#patch');
  await lv.waitForText('#params', 'bar=baz');
  await lv.sync();

  for (const [move, path, params] of [
    ['back', '/push', ''],
    ['forward', '/push?bar=baz', 'bar=baz'],
  ]) {
    const since = lv.mark();
    await lv.page.evaluate((m) => (m === 'back' ? history.back() : history.forward()), move);
    await lv.waitForPath(path);
    await lv.waitForText('#params', params);
    await lv.sync();
    const patch = await lv.waitForFrame(
      `client live_patch after ${move}`,
      (f) => f.dir === 'sent' && f.event === 'live_patch',
      { since },
    );
    assert.equal(patch.payload.url, `${lv.baseURL}${path}`);
    const reply = await lv.replyTo(patch);
    assert.equal(reply.payload.status, 'ok');
    assert.deepEqual(lv.requestsSince(since), [], `no HTTP request on ${move}`);
    assert.deepEqual(
      lv.lvFrames({ since }).filter((f) => f.event === 'phx_join' || (f.event === 'live_patch' && f.dir === 'received')),
      [],
      `${move} patches the mounted view (no join, no server live_patch)`,
    );
  }
  assert.equal(await lv.text('#mount-id'), mountId, 'still the same mount');
  assert.equal(lv.documentRequests(), 1);
});

scenario('push_redirect to /counter and Back to /push, without a page load', async (lv) => {
  await lv.goto('/push');
  const firstMount = await lv.text('#mount-id');
  const historyBefore = await lv.historyLength();

  const click = await lv.click('#redirect');
  await lv.waitForPath('/counter?from=push');
  await lv.waitForText('#count', /^-?\d+$/);
  await lv.sync();
  await liveRedirected(lv, click, '/counter?from=push');
  assert.equal(await lv.historyLength(), historyBefore + 1);

  const since = lv.mark();
  await lv.page.evaluate(() => history.back());
  await lv.waitForPath('/push');
  await lv.waitForText('#mount-id', /\S/);
  await lv.sync();
  const join = await lv.waitForFrame(
    'phx_join back to /push',
    (f) => f.dir === 'sent' && f.event === 'phx_join',
    { since },
  );
  assert.equal(join.payload.redirect, `${lv.baseURL}/push`);
  assert.equal((await lv.replyTo(join)).payload.status, 'ok');
  assert.notEqual(await lv.text('#mount-id'), firstMount, 'Back to /push mounts a new view');
  await lv.waitForText('#params', '');

  assert.equal(lv.documentRequests(), 1, 'exactly one page load in the whole test');
});

scenario('push_redirect to /push remounts the view, without a page load', async (lv) => {
  await lv.goto('/push');
  const firstMount = await lv.text('#mount-id');
  assert.ok(firstMount, '#mount-id shows an id');

  const click = await lv.click('#remount');
  await lv.waitForPath('/push?remount=1');
  await lv.waitForText('#params', 'remount=1');
  await lv.waitForText('#mount-id', /\S/);
  await lv.sync();
  await liveRedirected(lv, click, '/push?remount=1');
  assert.notEqual(await lv.text('#mount-id'), firstMount, 'a new mount id');

  // The new view is live and starts from fresh state.
  await lv.click('#push-event');
  await lv.waitForText('#window-log', 'foo=bar n=1');
  await lv.waitForText('#hook-log', 'foo=bar n=1');

  // And live navigation away from it works too.
  const toCounter = await lv.click('#redirect');
  await lv.waitForPath('/counter?from=push');
  await lv.sync();
  await liveRedirected(lv, toCounter, '/counter?from=push');

  assert.equal(lv.documentRequests(), 1, 'exactly one page load in the whole test');
});

// The flash text is the gallery's choice; it names /push (e.g. "Hello from /push").
const FLASH_FROM_PUSH = /push/i;

scenario('flash survives push_redirect', async (lv) => {
  await lv.goto('/counter');
  assert.equal((await lv.text('#flash')) ?? '', '', 'no flash on a plain visit');

  await lv.goto('/push');
  const click = await lv.click('#flash-redirect');
  await lv.waitForPath('/counter');
  await lv.waitForText('#flash', FLASH_FROM_PUSH);
  await lv.sync();
  const { redirect, join } = await liveRedirected(lv, click, '/counter');
  assert.ok(redirect.flash, 'the live_redirect carries a flash token');
  assert.equal(join.payload.flash, redirect.flash, 'the client hands the flash token to the next join');
  assert.equal(lv.documentRequests(), 2, 'only the two page loads of this test');
});

scenario('page title updates', async (lv) => {
  await lv.goto('/push');
  assert.doesNotMatch(await lv.page.title(), /Pushed/);

  const { reply } = await lv.click('#title');
  await waitInPage(lv.page, 'document.title to contain "Pushed 1"', () => document.title.includes('Pushed 1'));
  assert.equal(reply.payload.response.diff?.t, 'Pushed 1', 'the title travels as `t` in the reply diff');
  await lv.sync();
});
