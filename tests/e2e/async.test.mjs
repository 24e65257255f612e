// /async: start_async with a loading state. The connected mount starts a 300 ms task; its result
// arrives as a diff push the official client applies; reload starts it again; a failing or
// panicking task ends as "failed: …" and the view keeps running.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** The first diff pushed (no ref: not a reply) on the view's topic since `since`. */
function pushedDiff(lv, since) {
  return lv.waitForFrame('a diff push with the task result', (f) => f.dir === 'received' && f.event === 'diff', {
    since,
  });
}

/** Clicks `selector` and checks that its reply already says "loading" (the task then runs). */
async function clickAndLoad(lv, selector) {
  const click = await lv.click(selector);
  assert.match(JSON.stringify(click.reply.payload.response.diff ?? {}), /loading/, `${selector} shows loading at once`);
  return click;
}

scenario('async: loading, then the task result as a diff push', async (lv) => {
  const since = lv.mark();
  await lv.goto('/async');
  const join = await lv.waitForFrame('phx_join', (f) => f.dir === 'sent' && f.event === 'phx_join', { since });
  const joined = await lv.replyTo(join);
  assert.equal(joined.payload.status, 'ok');
  assert.match(JSON.stringify(joined.payload.response.rendered), /loading/, 'the join renders the loading state');
  await pushedDiff(lv, since);
  await lv.waitForText('#status', 'ready: 42');
  assert.equal(lv.documentRequests(), 1, 'no page load besides the first');
});

scenario('async: reload starts the task again', async (lv) => {
  await lv.goto('/async');
  await lv.waitForText('#status', 'ready: 42');
  const { since } = await clickAndLoad(lv, '#reload');
  await pushedDiff(lv, since);
  await lv.waitForText('#status', 'ready: 42');
});

scenario('async: a failing task shows failed and the view keeps working', async (lv) => {
  await lv.goto('/async');
  await lv.waitForText('#status', 'ready: 42');
  await clickAndLoad(lv, '#fail');
  await lv.waitForText('#status', 'failed: the answer service is unavailable');
  await clickAndLoad(lv, '#panic');
  await lv.waitForText('#status', 'failed: panicked: the answer task panicked on purpose');
  // Still the same view: its events work and no rejoin happened.
  await lv.click('#click');
  await lv.waitForText('#clicks', '1');
  await clickAndLoad(lv, '#reload');
  await lv.waitForText('#status', 'ready: 42');
  const joins = lv.lvFrames({ dir: 'sent', event: 'phx_join' });
  assert.equal(joins.length, 1, 'the view never crashed and rejoined');
});
