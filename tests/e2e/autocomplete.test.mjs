// /autocomplete: suggestions through a debounced phx-change (fewer events than keystrokes),
// then a phx-submit.
import assert from 'node:assert/strict';
import { e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

function formFrames(lv, since, event) {
  return lv.lvFrames({ dir: 'sent', event: 'event', since }).filter(
    (f) => f.payload.type === 'form' && f.payload.event === event,
  );
}

scenario('autocomplete: quick typing sends fewer change events than keys, the last with the whole word', async (lv) => {
  await lv.goto('/autocomplete');
  const word = 'Portland';
  const since = lv.mark();
  await lv.page.locator('#city').pressSequentially(word);
  await waitInPage(
    lv.page,
    'the suggestions for Portland',
    () =>
      [...document.querySelectorAll('#cities option')].map((o) => o.value).join('|') === 'Portland, ME|Portland, OR',
  );
  await lv.sync();

  const changes = formFrames(lv, since, 'suggest');
  assert.ok(
    changes.length >= 1 && changes.length < word.length,
    `${changes.length} change events for ${word.length} keystrokes`,
  );
  assert.equal(new URLSearchParams(changes.at(-1).payload.value).get('city'), word);
  assert.equal(changes.at(-1).payload.meta?._target, 'city');
  await lv.waitForText('#suggest-count', String(changes.length));
  assert.equal(await lv.page.locator('#city').inputValue(), word, 'the focused input keeps what was typed');

  const beforeSubmit = lv.mark();
  await lv.page.locator('#city').press('Enter');
  await lv.waitForText('#status', '2 stores in Portland');
  await lv.sync();
  const [submit] = formFrames(lv, beforeSubmit, 'search');
  assert.equal(new URLSearchParams(submit.payload.value).get('city'), word);
  assert.equal(await lv.page.locator('#stores li').count(), 2);
  assert.equal(await lv.page.locator('#cities option').count(), 0, 'the suggestions close on submit');
});
