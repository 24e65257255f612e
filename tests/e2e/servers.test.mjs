// /servers: live patch links select a server and title the page; Back, Forward and a reload
// follow the URL; the view is mounted once.
import assert from 'node:assert/strict';
import { e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

/** Clicks the patch link to `name`: live_patch sent, answered ok, URL changed. */
async function select(lv, name) {
  const since = lv.mark();
  await lv.page.locator(`#server-${name}`).click();
  const sent = await lv.waitForFrame('live_patch', (f) => f.dir === 'sent' && f.event === 'live_patch', { since });
  assert.equal(sent.payload.url, `${lv.baseURL}/servers?name=${name}`);
  const reply = await lv.replyTo(sent);
  assert.equal(reply.payload.status, 'ok');
  await lv.waitForPath(`/servers?name=${name}`);
  await lv.sync();
  return reply;
}

async function shows(lv, name) {
  await lv.waitForText('#server-name', name);
  await waitInPage(lv.page, `the title to name ${name}`, (n) => document.title.startsWith(`${n} · Servers`), name);
  assert.equal(await lv.page.locator(`#server-${name}`).getAttribute('aria-current'), 'page');
  assert.equal(await lv.page.locator('#server-list [aria-current]').count(), 1);
}

async function travel(lv, direction, path) {
  await lv.page.evaluate((d) => (d === 'back' ? history.back() : history.forward()), direction);
  await lv.waitForPath(path);
  await lv.sync();
}

scenario('servers: patch links select a server, back and forward walk the selections, reload keeps it', async (lv) => {
  await lv.goto('/servers');
  await shows(lv, 'amber-heron');
  const history0 = await lv.historyLength();

  const reply = await select(lv, 'quiet-lynx');
  assert.equal(reply.payload.response.diff?.t, 'quiet-lynx · Servers', 'the title travels in the patch reply');
  await shows(lv, 'quiet-lynx');
  await lv.waitForText('#server-status', '⛔ down');
  await select(lv, 'steady-yak');
  await shows(lv, 'steady-yak');
  assert.equal(await lv.historyLength(), history0 + 2);

  await travel(lv, 'back', '/servers?name=quiet-lynx');
  await shows(lv, 'quiet-lynx');
  await travel(lv, 'back', '/servers');
  await shows(lv, 'amber-heron');
  await travel(lv, 'forward', '/servers?name=quiet-lynx');
  await shows(lv, 'quiet-lynx');
  assert.equal(lv.lvFrames({ dir: 'sent', event: 'phx_join' }).length, 1, 'mounted once');
  assert.equal(lv.documentRequests(), 1, 'no page load');

  await lv.page.reload();
  await lv.sync();
  await shows(lv, 'quiet-lynx');
  assert.equal(lv.documentRequests(), 2);
});
