// /hello and /hi/:name: a toggle, and a name from the URL's path read in mount (over HTTP and
// again on the join, and after live navigation).
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

scenario('the greeting toggles with a click', async (lv) => {
  await lv.goto('/hello');
  assert.equal(await lv.text('#greeting'), 'Hello, world!');
  await lv.click('#toggle');
  await lv.waitForText('#greeting', '¡Hola, mundo!');
  assert.equal(await lv.page.getAttribute('#greeting', 'lang'), 'es');
  await lv.click('#toggle');
  await lv.waitForText('#greeting', 'Hello, world!');
});

scenario('a link navigates live to /hi/:name, which greets the decoded name from its path', async (lv) => {
  await lv.goto('/hello');
  const since = lv.mark();
  await lv.page.locator('#hi-zoë').click();
  await lv.waitForPath('/hi/Zo%C3%AB');
  await lv.waitForText('#hi', 'Hi, Zoë!');
  await lv.sync();
  assert.equal(lv.documentRequests(), 1, 'live navigation: no page load');
  const join = lv.lvFrames({ dir: 'sent', event: 'phx_join', since }).at(-1);
  assert.ok(join.payload.redirect?.endsWith('/hi/Zo%C3%AB'), `joined with the new URL: ${join.payload.redirect}`);
  assert.match(await lv.page.title(), /^Hi, Zoë · /);

  await lv.page.locator('#back').click();
  await lv.waitForPath('/hello');
  await lv.waitForText('#greeting', 'Hello, world!');
});

scenario('a name typed in the address bar is text, not markup', async (lv) => {
  await lv.goto('/hi/%3Cb%3EAda%3C%2Fb%3E%20%26%20co');
  assert.equal(await lv.text('#hi'), 'Hi, <b>Ada</b> & co!');
  assert.equal(await lv.page.locator('#hi b').count(), 0);
});

scenario("the page's own connect params reach mount beside the CSRF token", async (lv) => {
  await lv.goto('/hello');
  const zone = await lv.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await lv.waitForText('#zone', zone);
  const join = lv.lvFrames({ dir: 'sent', event: 'phx_join' }).at(-1);
  assert.equal(join.payload.params.tz, zone);
  assert.ok(join.payload.params._csrf_token, 'the CSRF token is still sent');
});
