// /search: a search that runs as an async task; the submit is answered with the loading state
// and the results follow as a diff push.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

function formFrames(lv, since, event) {
  return lv.lvFrames({ dir: 'sent', event: 'event', since }).filter(
    (f) => f.payload.type === 'form' && f.payload.event === event,
  );
}

/** Records every state of `#status` (its text and whether `#zip` is read-only), on each DOM change. */
function recordStatus(lv) {
  return lv.page.evaluate(() => {
    window.__states = [];
    const note = () => {
      const status = document.querySelector('#status')?.textContent.trim();
      const state = `${status} | ${document.querySelector('#zip')?.readOnly ? 'readonly' : 'editable'}`;
      if (window.__states.at(-1) !== state) window.__states.push(state);
    };
    note();
    new MutationObserver(note).observe(document.querySelector('main'), {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

scenario('search: the submit is answered with "Searching…", the stores follow as a diff push', async (lv) => {
  await lv.goto('/search');
  await recordStatus(lv);
  await lv.page.locator('#zip').fill('80202');
  const since = lv.mark();
  await lv.page.locator('#zip').press('Enter');

  const [submit] = await lv.waitUntil('the submit', () => {
    const sent = formFrames(lv, since, 'search');
    return sent.length > 0 && sent;
  });
  assert.equal(new URLSearchParams(submit.payload.value).get('zip'), '80202');
  const reply = await lv.replyTo(submit);
  const answer = JSON.stringify(reply.payload.response.diff ?? {});
  assert.match(answer, /Searching/, 'the reply shows the loading state');
  assert.doesNotMatch(answer, /Union Station/, 'the reply does not wait for the search');
  const push = await lv.waitForFrame(
    'the search result as a diff push',
    (f) => f.dir === 'received' && f.event === 'diff',
    { since: { frames: reply.seq + 1 } },
  );
  assert.match(JSON.stringify(push.payload), /Union Station Market/);

  await lv.waitForText('#status', '2 stores in 80202');
  await lv.sync();
  assert.equal(await lv.page.locator('#stores li').count(), 2);
  // The client locks the input itself while the submit awaits its reply; the server's
  // `readonly` must keep it locked after that, until the results arrive.
  const states = await lv.page.evaluate(() => window.__states);
  const texts = states.map((s) => s.split(' | ')[0]).filter((t, i, all) => i === 0 || all[i - 1] !== t);
  assert.deepEqual(
    texts,
    ['Search for stores near you.', 'Searching 80202…', '2 stores in 80202'],
    'loading, then the results',
  );
  const searching = states.filter((s) => s.startsWith('Searching'));
  assert.ok(
    searching.length > 0 && searching.every((s) => s.endsWith('readonly')),
    `read-only while searching: ${states}`,
  );
  assert.equal(states.at(-1), '2 stores in 80202 | editable');
  assert.equal(lv.documentRequests(), 1);
});

scenario('search: something that is not a ZIP code fails the search; the next search works', async (lv) => {
  await lv.goto('/search');
  await lv.page.locator('#zip').fill('abc');
  await lv.page.locator('#zip').press('Enter');
  await lv.waitForText('#status', 'Search failed: “abc” is not a ZIP code (five digits)');
  await lv.sync();
  await lv.page.locator('#zip').fill('78704');
  await lv.page.locator('#zip').press('Enter');
  await lv.waitForText('#status', '1 store in 78704');
  await lv.waitForText('#store-austin-congress', /^South Congress Goods \(open\)/);
  assert.equal(lv.lvFrames({ dir: 'sent', event: 'phx_join' }).length, 1, 'the view never crashed');
});
