// The /form page: live validation (phx-change) and submit (phx-submit), decoded into a serde struct.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

function formFrames(lv, since, event) {
  return lv.lvFrames({ dir: 'sent', event: 'event', since }).filter(
    (f) => f.payload.type === 'form' && f.payload.event === event,
  );
}

scenario('the form greets live as the user types and saves on submit', async (lv) => {
  await lv.goto('/form');
  const input = lv.page.locator('#user-name');
  const since = lv.mark();

  await input.pressSequentially('Ada');
  await lv.waitForText('#greeting', 'Hello, Ada!');
  await lv.sync();
  assert.equal(await input.inputValue(), 'Ada', 'the focused input keeps what the user typed');

  const changes = formFrames(lv, since, 'validate');
  assert.equal(changes.length, 3, 'one phx-change event per keystroke');
  const last = changes.at(-1);
  assert.equal(new URLSearchParams(last.payload.value).get('user[name]'), 'Ada');
  assert.equal(last.payload.meta?._target, 'user[name]');
  for (const change of changes) assert.equal((await lv.replyTo(change)).payload.status, 'ok');

  const beforeSubmit = lv.mark();
  await input.press('Enter');
  await lv.waitForText('#saved', 'Saved Ada');
  await lv.sync();
  const [submit] = formFrames(lv, beforeSubmit, 'save');
  assert.ok(submit, 'a phx-submit event was sent');
  assert.equal(new URLSearchParams(submit.payload.value).get('user[name]'), 'Ada');
  assert.equal((await lv.replyTo(submit)).payload.status, 'ok');
  assert.equal(lv.documentRequests(), 1, 'submitting does not load a page');
});

scenario('form values are decoded and shown as text, never as markup', async (lv) => {
  await lv.goto('/form');
  const name = 'Zoë <b>&amp;</b> a+b %20 "q"';
  const input = lv.page.locator('#user-name');

  await input.fill(name);
  await lv.waitForText('#greeting', `Hello, ${name}!`);
  await lv.sync();
  assert.equal(await lv.page.locator('#greeting b').count(), 0, 'no element injected into #greeting');

  await input.press('Enter');
  await lv.waitForText('#saved', `Saved ${name}`);
  await lv.sync();
  assert.equal(await lv.page.locator('#saved b').count(), 0, 'no element injected into #saved');
});
