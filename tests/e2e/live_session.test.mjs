// Logging in through the gallery's axum routes, a page of the `authenticated` live_session,
// live navigation across groups (a full page load, as the official client falls back to one
// when the join is refused `unauthorized`) and logging out.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** Document (page load) requests since `mark`. */
const pageLoads = (lv, mark) => lv.requestsSince(mark).filter((r) => r.type === 'document');

// Crossing groups: the client logs the refused join as an error diagnostic and the server's
// join reply is an error (`unauthorized`), both on purpose.
const CROSSING = { diagnostics: ['view.unauthorized-live-redirect'], errorReplies: true };

scenario('live_session: log in, cross groups by full page loads, log out', CROSSING, async (lv) => {
  // Logged out, /secret sends us to the login form (the on_mount hook halts the dead render).
  await lv.page.goto('/secret', { waitUntil: 'load' });
  assert.equal(await lv.path(), '/login');
  assert.equal(await lv.page.locator('#login-form').count(), 1);

  await lv.page.fill('#login-form input[name="name"]', 'e2e-ann');
  await Promise.all([lv.page.waitForURL('**/secret'), lv.page.click('#login-submit')]);
  await lv.sync();
  await lv.waitForText('#user', 'e2e-ann');
  const join = lv.lvFrames({ dir: 'sent', event: 'phx_join' }).at(-1);
  assert.equal((await lv.replyTo(join)).payload.status, 'ok', 'the hook lets the join through too');

  // /secret → /counter: another group. The navigation join is refused, the page loads.
  let mark = lv.mark();
  await lv.page.click('#to-counter');
  await lv.waitForPath('/counter');
  await lv.sync();
  await lv.waitForText('#count', '0');
  const refused = lv
    .lvFrames({ dir: 'sent', event: 'phx_join', since: mark })
    .find((f) => f.payload.redirect === `${lv.baseURL}/counter`);
  assert.ok(refused, 'the client first tries live navigation');
  assert.deepEqual((await lv.replyTo(refused)).payload, { status: 'error', response: { reason: 'unauthorized' } });
  assert.equal(pageLoads(lv, mark).length, 1, 'then falls back to exactly one page load');
  await lv.click('#inc');
  await lv.waitForText('#count', '1');

  // And back: /counter → /secret, again one page load; the hook runs over HTTP with the cookie.
  mark = lv.mark();
  await lv.page.click('#to-secret');
  await lv.waitForPath('/secret');
  await lv.sync();
  await lv.waitForText('#user', 'e2e-ann');
  assert.equal(pageLoads(lv, mark).length, 1);

  // Logging out ends access: the form posts, the cookie is cleared, /secret goes to /login.
  await Promise.all([lv.page.waitForURL('**/login'), lv.page.click('#logout')]);
  await lv.page.goto('/secret', { waitUntil: 'load' });
  assert.equal(await lv.path(), '/login');
});

scenario('live_session: a live link to /secret while logged out ends at the login form', CROSSING, async (lv) => {
  await lv.goto('/counter');
  const mark = lv.mark();
  await lv.page.click('#to-secret');
  await lv.waitForPath('/login');
  assert.equal(await lv.page.locator('#login-form').count(), 1);
  const loads = pageLoads(lv, mark).map((r) => new URL(r.url).pathname);
  assert.deepEqual(loads.slice(0, 1), ['/secret'], 'the fallback page load of /secret redirects');
});
