// /volume: buttons, and arrow keys pressed anywhere on the page (phx-window-keydown + phx-key:
// the client sends a key only to the binding that names it), with a flash at either end.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** The client's keydown events since `since`. */
function keydowns(lv, since) {
  return lv.lvFrames({ dir: 'sent', event: 'event', since }).filter((f) => f.payload.type === 'keydown');
}

scenario('buttons and window arrow keys step the volume; other keys send nothing', async (lv) => {
  await lv.goto('/volume');
  assert.equal(await lv.text('#volume'), '10%');
  assert.match(await lv.page.title(), /^Volume · /, 'page_title in mount, with the layout suffix');

  await lv.click('#up');
  await lv.waitForText('#volume', '20%');

  // The key reaches the window listeners wherever focus is.
  const since = lv.mark();
  await lv.page.keyboard.press('ArrowUp');
  await lv.waitForText('#volume', '30%');
  await lv.sync();
  const [up, ...more] = keydowns(lv, since);
  assert.equal(more.length, 0, 'one event for one key, though four buttons listen on the window');
  assert.equal(up.payload.event, 'key');
  assert.equal(up.payload.value.key, 'ArrowUp');
  assert.equal((await lv.replyTo(up)).payload.status, 'ok');

  await lv.page.keyboard.press('ArrowDown');
  await lv.page.keyboard.press('ArrowDown');
  await lv.waitForText('#volume', '10%');

  await lv.page.evaluate(() => document.activeElement?.blur()); // Enter on a focused button would click it
  const quiet = lv.mark();
  await lv.page.keyboard.press('a');
  await lv.page.keyboard.press('Enter');
  await lv.page.keyboard.press('ArrowDown'); // a key that is bound: proves the others were not sent
  await lv.waitForText('#volume', '0%');
  await lv.sync();
  assert.deepEqual(
    keydowns(lv, quiet).map((f) => f.payload.value.key),
    ['ArrowDown'],
    'only keys some phx-key names are sent',
  );
  assert.equal(await lv.page.getAttribute('#volume-meter', 'value'), '0');
  assert.equal(await lv.text('#flash-error'), 'Silence.');
});

scenario('either end shows a flash, which a click dismisses and stepping away clears', async (lv) => {
  await lv.goto('/volume');
  assert.equal(await lv.page.locator('#flash > *').count(), 0, 'no flash on arrival');

  await lv.page.keyboard.press('ArrowRight');
  await lv.waitForText('#volume', '100%');
  await lv.waitForText('#flash-info', 'Full volume!');
  assert.equal(await lv.page.locator('#flash-info').isVisible(), true);

  // A click on the flash clears it on the server (lv:clear-flash with its kind).
  const { sent } = await lv.click('#flash-info');
  assert.equal(sent.payload.event, 'lv:clear-flash');
  assert.equal(sent.payload.value.key, 'info');
  await lv.page.locator('#flash-info').waitFor({ state: 'detached' });
  assert.equal(await lv.text('#volume'), '100%', 'dismissing changes nothing else');

  await lv.page.keyboard.press('ArrowUp');
  await lv.waitForText('#flash-info', 'Full volume!');
  await lv.page.keyboard.press('ArrowDown');
  await lv.waitForText('#volume', '90%');
  await lv.page.locator('#flash-info').waitFor({ state: 'detached' });

  await lv.click('#off');
  await lv.waitForText('#flash-error', 'Silence.');
  assert.equal(await lv.text('#volume'), '0%');
});
