// Live patching in the official client, as the URL-driven pages (/paginate, /sort) use it:
// patch links, server push_patch, and history travel, each checked frame by frame.
import assert from 'node:assert/strict';

/** Path and query of a live_patch `to` or a `url` (absolute or a path). */
export function pathOf(lv, to) {
  const url = new URL(to, lv.baseURL);
  assert.equal(url.origin, lv.baseURL, `same-origin target: ${to}`);
  return url.pathname + url.search;
}

/** Clicks the patch link `selector`: the client sends live_patch to `path` and the view answers ok. */
export async function followPatch(lv, selector, path) {
  const since = lv.mark();
  await lv.page.locator(selector).click();
  const sent = await lv.waitForFrame(
    `live_patch after clicking ${selector}`,
    (f) => f.dir === 'sent' && f.event === 'live_patch',
    { since },
  );
  assert.equal(pathOf(lv, sent.payload.url), path, `${selector} patches to ${path}`);
  const reply = await lv.replyTo(sent);
  assert.equal(reply.payload.status, 'ok');
  await lv.waitForPath(path);
  await lv.sync();
  return { since, sent, reply };
}

/** After an event answered by push_patch: the live_patch push precedes the reply and names `path`. */
export async function pushedPatch(lv, since, event, path) {
  const patch = await lv.waitForFrame('live_patch push', (f) => f.dir === 'received' && f.event === 'live_patch', {
    since,
  });
  assert.equal(pathOf(lv, patch.payload.to), path);
  assert.equal(patch.payload.kind, 'push');
  assert.ok(patch.seq < (await lv.replyTo(event)).seq, 'the live_patch push arrives before the reply');
  await lv.waitForPath(path);
  await lv.sync();
}

/** Goes back (or forward) in history to `path`; the client patches the view there. */
export async function travel(lv, direction, path) {
  const since = lv.mark();
  await lv.page.evaluate((d) => (d === 'back' ? history.back() : history.forward()), direction);
  await lv.waitForPath(path);
  const sent = await lv.waitForFrame(
    `live_patch on ${direction}`,
    (f) => f.dir === 'sent' && f.event === 'live_patch',
    { since },
  );
  assert.equal(pathOf(lv, sent.payload.url), path);
  await lv.replyTo(sent);
  await lv.sync();
}
