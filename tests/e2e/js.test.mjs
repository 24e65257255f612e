// JS commands (/js): the official client runs the commands that the server rendered into
// phx-click with liveview::js::JS, with no websocket frame for the ones that only act in the
// browser, and a push command's value merged into the event it sends.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** Event frames the page sent to its view since `since`. */
const sentEvents = (lv, since) => lv.lvFrames({ dir: 'sent', event: 'event', since });

scenario('js: #toggle-panel hides and shows #panel in the browser alone', async (lv) => {
  await lv.goto('/js');
  await lv.waitForText('#shown-count', '0');
  const panel = lv.page.locator('#panel');
  assert.ok(await panel.isVisible(), '#panel starts visible');
  const since = lv.mark();

  await lv.page.locator('#toggle-panel').click();
  await panel.waitFor({ state: 'hidden' });
  assert.equal(await panel.evaluate((el) => el.style.display), 'none');
  await lv.page.locator('#toggle-panel').click();
  await panel.waitFor({ state: 'visible' });

  // The client sends in order: an event sent now is the first one since the toggles iff they
  // sent nothing.
  await lv.click('#push-and-show');
  const sent = sentEvents(lv, since);
  assert.equal(sent.length, 1, `only the push of #push-and-show went to the server: ${JSON.stringify(sent)}`);
  assert.equal(sent[0].payload.event, 'shown');
  assert.ok(await panel.isVisible(), 'a server patch keeps #panel as the browser left it');
});

scenario('js: #push-and-show pushes "shown" with {n: 1} and shows #toast', async (lv) => {
  await lv.goto('/js');
  await lv.waitForText('#shown-count', '0');
  const toast = lv.page.locator('#toast');
  assert.ok(!(await toast.isVisible()), '#toast starts hidden');

  const { sent, reply } = await lv.click('#push-and-show');
  assert.equal(sent.payload.type, 'click');
  assert.equal(sent.payload.event, 'shown');
  assert.deepEqual(sent.payload.value, { value: '', n: 1 }, 'the push value is merged over the button value');
  assert.equal(reply.payload.status, 'ok');
  await toast.waitFor({ state: 'visible' });
  await lv.waitForText('#shown-count', '1');
  await lv.waitForText('#last-n', '1');
  assert.ok(await toast.isVisible(), 'the diff that counted the event left #toast shown');

  // #dismiss runs the toast's data-dismiss commands (exec): hidden, nothing sent.
  const since = lv.mark();
  await lv.page.locator('#dismiss').click();
  await toast.waitFor({ state: 'hidden' });
  await lv.click('#push-and-show');
  await toast.waitFor({ state: 'visible' });
  await lv.waitForText('#shown-count', '2');
  assert.equal(sentEvents(lv, since).length, 1, 'dismissing sent nothing');
});

scenario('js: classes and attributes set by commands survive server patches', async (lv) => {
  await lv.goto('/js');
  await lv.waitForText('#shown-count', '0');
  const panel = lv.page.locator('#panel');
  const button = lv.page.locator('#highlight');

  await button.click();
  await lv.page.waitForFunction(() => document.querySelector('#panel').classList.contains('highlight'));
  assert.equal(await button.getAttribute('aria-pressed'), 'true');

  // The server asks the page to run #panel's data-mark (push_event + liveSocket.execJS).
  const { since, reply } = await lv.click('#mark-from-server');
  // The event travels in the `e` of the reply diff (or of a diff push before the reply).
  const carriers = [
    reply.payload.response.diff,
    ...lv
      .lvFrames({ dir: 'received', event: 'diff', since })
      .filter((f) => f.seq < reply.seq)
      .map((f) => f.payload),
  ];
  assert.deepEqual(
    carriers.flatMap((d) => d?.e ?? []),
    [['js-exec', { to: '#panel', attr: 'data-mark' }]],
  );
  await lv.page.waitForFunction(() => document.querySelector('#panel').classList.contains('marked'));
  assert.equal(await panel.getAttribute('data-marked-by'), 'server');

  await lv.click('#push-and-show');
  await lv.waitForText('#shown-count', '1');
  assert.deepEqual(
    await panel.evaluate((el) => [...el.classList].sort()),
    ['highlight', 'marked'],
    'a patch keeps the classes JS commands added',
  );
  await button.click();
  await lv.page.waitForFunction(() => !document.querySelector('#panel').classList.contains('highlight'));
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
});
