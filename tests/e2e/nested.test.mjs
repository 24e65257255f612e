// /nested: LiveViews inside a LiveView, driven by the official client. Each child has its own
// topic: its clicks and crashes leave the parent (its render counter) and the other child alone;
// a crash of the parent remounts the parent and both children; none of it reloads the page.
// The sticky child survives live navigation to /nested/other.
import assert from 'node:assert/strict';
import { e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

/** Topics the client has joined so far (`lv:*`, in join order). */
function joinedTopics(lv, since) {
  return lv.lvFrames({ dir: 'sent', event: 'phx_join', since }).map((f) => f.topic);
}

/** Waits until every LiveView container on the page is connected and none is in error. */
function allConnected(lv) {
  return waitInPage(lv.page, 'every LiveView container connected', () => {
    const views = [...document.querySelectorAll('[data-phx-session]')];
    return views.length === 4 && views.every((v) => v.classList.contains('phx-connected') && !v.classList.contains('phx-error'));
  });
}

scenario('each child counts on its own; the parent does not re-render', async (lv) => {
  await lv.goto('/nested');
  await allConnected(lv);
  const topics = joinedTopics(lv);
  const main = topics[0];
  for (const id of ['child-a', 'child-b', 'sticky']) assert.ok(topics.includes(`lv:${id}`), `the client joined ${id}: ${topics}`);
  const join = lv.lvFrames({ dir: 'sent', event: 'phx_join' }).find((f) => f.topic === 'lv:child-a');
  assert.equal(join.payload.url, undefined, 'a child joins without a url');
  const renders = await lv.text('#parent-renders');

  for (let i = 1; i <= 3; i++) {
    const { sent } = await lv.click('#child-a-inc');
    assert.equal(sent.topic, 'lv:child-a', 'the click goes to the child\'s topic');
    await lv.waitForText('#child-a-count', String(i));
  }
  await lv.click('#child-b-inc');
  await lv.waitForText('#child-b-count', '1');
  assert.equal(await lv.text('#child-a-count'), '3');
  assert.equal(await lv.text('#parent-renders'), renders, 'the parent did not render again');
  assert.equal(lv.lvFrames({ dir: 'received' }).filter((f) => f.topic === main && f.event === 'diff').length, 0);

  // The parent re-renders: its counter moves, the children keep their state.
  await lv.click('#parent-bump');
  await lv.waitForText('#parent-renders', String(Number(renders) + 1));
  assert.equal(await lv.text('#child-a-count'), '3');
  assert.equal(await lv.text('#child-b-count'), '1');

  // Removing child B from the parent's render makes the client leave it.
  const since = lv.mark();
  await lv.click('#toggle-b');
  await waitInPage(lv.page, 'child B to go', () => !document.getElementById('child-b'));
  await lv.waitForFrame('the client leaving child B', (f) => f.dir === 'sent' && f.event === 'phx_leave' && f.topic === 'lv:child-b', { since });
  await lv.click('#toggle-b');
  await lv.waitForText('#child-b-count', '0');
  await lv.sync();
});

scenario(
  'a child crash restarts only that child; a parent crash remounts the parent and both children',
  { phxErrors: true, diagnostics: ['view.crashed'] },
  async (lv) => {
    await lv.goto('/nested');
    await allConnected(lv);
    await lv.click('#child-a-inc');
    await lv.click('#child-b-inc');
    await lv.click('#child-b-inc');
    await lv.waitForText('#child-b-count', '2');
    const renders = await lv.text('#parent-renders');

    let since = lv.mark();
    await lv.click('#child-a-crash', { reply: false });
    const crash = await lv.waitForFrame('phx_error of child A', (f) => f.dir === 'received' && f.event === 'phx_error', { since });
    assert.equal(crash.topic, 'lv:child-a', 'only the child crashed');
    await lv.waitForFrame('child A rejoining', (f) => f.dir === 'sent' && f.event === 'phx_join' && f.topic === 'lv:child-a', { since });
    await allConnected(lv);
    await lv.waitForText('#child-a-count', '0');
    assert.equal(await lv.text('#child-b-count'), '2', 'the other child kept its state');
    assert.equal(await lv.text('#parent-renders'), renders, 'the parent render counter did not move');
    assert.deepEqual(
      joinedTopics(lv, since),
      ['lv:child-a'],
      'only the crashed child rejoined',
    );
    assert.equal(lv.documentRequests(), 1, 'no page reload');

    since = lv.mark();
    await lv.click('#parent-crash', { reply: false });
    const parentCrash = await lv.waitForFrame('phx_error of the parent', (f) => f.dir === 'received' && f.event === 'phx_error', { since });
    assert.ok(parentCrash.topic.startsWith('lv:phx-'), parentCrash.topic);
    await waitInPage(lv.page, 'children B to remount', () => document.getElementById('child-b-count')?.textContent === '0');
    await allConnected(lv);
    const rejoined = joinedTopics(lv, since);
    for (const t of [parentCrash.topic, 'lv:child-a', 'lv:child-b']) assert.ok(rejoined.includes(t), `${t} rejoined: ${rejoined}`);
    assert.equal(await lv.text('#child-a-count'), '0');
    assert.equal(lv.documentRequests(), 1, 'no page reload');
    await lv.sync();
  },
);

scenario('the sticky child keeps its state across live navigation', async (lv) => {
  await lv.goto('/nested');
  await allConnected(lv);
  await lv.click('#sticky-inc');
  await lv.click('#sticky-inc');
  await lv.waitForText('#sticky-count', '2');
  const since = lv.mark();
  await lv.page.click('#to-other');
  await lv.waitForPath('/nested/other');
  await waitInPage(lv.page, 'the other page', () => !!document.getElementById('other-page'));
  await lv.sync();
  assert.equal(await lv.text('#sticky-count'), '2', 'the sticky child was not remounted');
  assert.ok(!joinedTopics(lv, since).includes('lv:sticky'), 'the sticky child did not rejoin');
  await lv.click('#sticky-inc');
  await lv.waitForText('#sticky-count', '3');
  assert.equal(lv.documentRequests(), 1, 'live navigation, no page load');
  await lv.sync();
});
