// Recovery: a crashing handler, and a restart of the server process.
import assert from 'node:assert/strict';
import { WEBSOCKET_REFUSED, e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

const REJOIN_MS = 20_000; // the client's socket reconnect backoff reaches 5 s steps

/** Waits until the main LiveView container is in error (`phx-error`) or connected again. */
function waitForMain(lv, state, opts) {
  return waitInPage(
    lv.page,
    `the LiveView container to be ${state === 'error' ? 'in error (phx-error)' : 'connected (phx-connected, no phx-error)'}`,
    (want) => {
      const c = document.querySelector('[data-phx-main]')?.classList;
      if (!c) return false;
      return want === 'error' ? c.contains('phx-error') : c.contains('phx-connected') && !c.contains('phx-error');
    },
    state,
    opts,
  );
}

scenario(
  '#crash shows the error state, then the view rejoins and remounts without a page reload',
  { phxErrors: true, diagnostics: ['view.crashed'] },
  async (lv) => {
    await lv.goto('/push');
    const firstMount = await lv.text('#mount-id');
    assert.ok(firstMount, '#mount-id shows an id');

    const { since, sent } = await lv.click('#crash', { reply: false });
    await waitForMain(lv, 'error');
    const crash = await lv.waitForFrame(
      'phx_error for the view',
      (f) => f.dir === 'received' && f.event === 'phx_error' && f.topic === sent.topic,
      { since },
    );
    assert.equal(crash.join_ref, sent.join_ref, 'phx_error names the crashed join');

    const rejoin = await lv.waitForFrame(
      'rejoin',
      (f) => f.dir === 'sent' && f.event === 'phx_join' && f.topic === sent.topic,
      { since },
    );
    assert.equal(rejoin.socket, sent.socket, 'the rejoin uses the same socket');
    assert.notEqual(rejoin.join_ref, sent.join_ref, 'a new join ref');
    assert.equal(rejoin.payload.params._mounts, 1, 'the client counts the remount');
    assert.equal(rejoin.payload.url, `${lv.baseURL}/push`);
    const joined = await lv.replyTo(rejoin);
    assert.equal(joined.payload.status, 'ok', `the rejoin is accepted: ${JSON.stringify(joined.payload)}`);

    await waitForMain(lv, 'connected');
    await lv.sync();
    assert.notEqual(await lv.text('#mount-id'), firstMount, 'the view was mounted again');
    assert.ok(
      lv.diagnostics.some((d) => d.code === 'view.crashed'),
      'the client registered the crash (view.crashed)',
    );
    assert.equal(lv.documentRequests(), 1, 'no page reload');

    // The recovered view works.
    await lv.click('#push-event');
    await lv.waitForText('#window-log', 'foo=bar n=1');
    await lv.sync();
  },
);

for (const signal of ['SIGTERM', 'SIGKILL']) {
  scenario(
    `after a server restart (${signal}) the page reconnects and rejoins on its own`,
    { consoleErrors: [WEBSOCKET_REFUSED] },
    async (lv, { gallery }) => {
      await lv.goto('/counter');
      await lv.click('#inc');
      await lv.waitForText('#count', '1');
      await lv.sync();
      const oldSocket = lv.sockets.length - 1;
      const since = lv.mark();

      const stopped = await gallery.stop(signal);
      assert.ok(stopped, 'the gallery was running');
      await lv.waitUntil('the websocket to close', () => lv.sockets[oldSocket].closed);
      await waitForMain(lv, 'error');

      await gallery.start();
      const rejoin = await lv.waitForFrame(
        'rejoin on a new socket',
        (f) => f.dir === 'sent' && f.event === 'phx_join' && f.socket > oldSocket,
        { since, timeout: REJOIN_MS },
      );
      assert.equal(rejoin.payload.params._mounts, 1, 'the client counts the remount');
      assert.equal(rejoin.payload.url, `${lv.baseURL}/counter`);
      const joined = await lv.replyTo(rejoin);
      assert.equal(
        joined.payload.status,
        'ok',
        `the restarted server accepts the old session token: ${JSON.stringify(joined.payload)}`,
      );

      await waitForMain(lv, 'connected');
      await lv.sync();
      const count = Number(await lv.text('#count'));
      assert.ok(Number.isInteger(count), '#count shows a number after the rejoin');
      await lv.click('#inc');
      await lv.waitForText('#count', String(count + 1));
      await lv.sync();
      assert.equal(lv.documentRequests(), 1, 'no page reload');
    },
  );
}
