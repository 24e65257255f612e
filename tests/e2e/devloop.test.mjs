// The development loop: with LIVEVIEW_DEV=1 and no configured secret, the gallery keeps its
// signing secret in a file, so the page open in the browser rejoins the restarted (rebuilt)
// server on its own: no page reload, and what the client keeps (form contents) comes back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WEBSOCKET_REFUSED, e2eSuite, waitInPage } from './support.mjs';

const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liveview-devloop-'));
const secretFile = path.join(secretDir, 'dev-secret');
const { scenario } = e2eSuite({
  env: { LIVEVIEW_SECRET: '', LIVEVIEW_DEV: '1', LIVEVIEW_DEV_SECRET_FILE: secretFile },
});

const REJOIN_MS = 20_000; // the client's socket reconnect backoff reaches 5 s steps

scenario(
  'after a restart in development mode the page rejoins without a reload and keeps its form input',
  { consoleErrors: [WEBSOCKET_REFUSED] },
  async (lv, { gallery }) => {
    assert.ok(fs.existsSync(secretFile), 'the gallery wrote its development secret');
    const secret = fs.readFileSync(secretFile, 'utf8');
    await lv.goto('/form');
    await lv.page.fill('#user-name', 'Ada');
    await lv.waitForText('#greeting', 'Hello, Ada!');
    await lv.sync();
    const oldSocket = lv.sockets.length - 1;
    const since = lv.mark();

    await gallery.stop('SIGTERM');
    await lv.waitUntil('the websocket to close', () => lv.sockets[oldSocket].closed);
    await gallery.start();
    assert.equal(fs.readFileSync(secretFile, 'utf8'), secret, 'the restarted gallery read the same secret');

    const rejoin = await lv.waitForFrame(
      'rejoin on a new socket',
      (f) => f.dir === 'sent' && f.event === 'phx_join' && f.socket > oldSocket,
      { since, timeout: REJOIN_MS },
    );
    const joined = await lv.replyTo(rejoin);
    assert.equal(joined.payload.status, 'ok', `the restarted server accepts the page's token: ${JSON.stringify(joined.payload)}`);
    // The client replays the form it had (form recovery) into the fresh view.
    await lv.waitForFrame(
      'form recovery',
      (f) => f.dir === 'sent' && f.event === 'event' && f.payload?.type === 'form' && f.socket > oldSocket,
      { since },
    );
    await lv.waitForText('#greeting', 'Hello, Ada!');
    await waitInPage(lv.page, 'the input to keep its value', () => document.getElementById('user-name')?.value === 'Ada');
    assert.equal(lv.documentRequests(), 1, 'no page reload');
    await lv.sync();
  },
);

process.on('exit', () => fs.rmSync(secretDir, { recursive: true, force: true }));
