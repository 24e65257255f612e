// Upstream tests/navigation.spec.js, re-expressed: live_session `navigation`
// (examples/src/conformance/navigation.rs). Each scenario has the upstream test's name.

import assert from 'node:assert/strict';
import { WAIT_MS, waitInPage } from '../support.mjs';
import { conformanceSuite, networkEvents, syncLV, waitForPathMatching, wsEvents } from './helpers.mjs';

const { scenario } = conformanceSuite();

const link = (lv, name) => lv.page.getByRole('link', { name });
const historyLength = (lv) => lv.page.evaluate(() => window.history.length);
const scrollTop = (lv) => lv.page.evaluate(() => document.documentElement.scrollTop);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `events` has one entry matching each of `wanted` ({type, has}: payload substring). */
function containsEach(events, wanted) {
  const left = [...events];
  return wanted.every(({ type, has }) => {
    const i = left.findIndex((e) => e.type === type && (has instanceof RegExp ? has.test(e.payload) : e.payload.includes(has)));
    if (i < 0) return false;
    left.splice(i, 1);
    return true;
  });
}

/** Polls `fn` until it returns what `check` accepts (upstream's `expect.poll`). */
async function poll(what, fn, check, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (check(last)) return last;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeout} ms`);
    await sleep(50); // upstream's poll interval is of this order
  }
}

/** Installs upstream's before-navigate/navigate recorders; `prevent` cancels navigation. */
function recordNavigation(lv, prevent) {
  return lv.page.evaluate((prevent) => {
    window.beforeNavigateEvents = [];
    window.navigateEvents = [];
    window.preventNavigation = prevent;
    window.addEventListener('phx:before-navigate', (event) => {
      window.beforeNavigateEvents.push(event.detail);
      if (window.preventNavigation) event.preventDefault();
    });
    window.addEventListener('phx:navigate', (event) => window.navigateEvents.push(event.detail));
  }, prevent);
}

scenario(
  'can navigate between LiveViews in the same live session over websocket',
  async (lv) => {
  const start = lv.mark();
  await lv.goto('/navigation/a');
  const pages = networkEvents(lv, start).filter((e) => e.url.includes(`${lv.baseURL}/navigation/`));
  assert.equal(pages.length, 1, JSON.stringify(pages));
  assert.deepEqual(
    wsEvents(lv, start).map(({ type, event }) => [type, event]),
    [
      ['sent', 'phx_join'],
      ['received', 'phx_reply'],
    ],
  );

  // patch the LV
  let mark = lv.mark();
  const length = await historyLength(lv);
  await link(lv, 'Patch this LiveView').click();
  await lv.waitUntil('the live_patch reply', () => wsEvents(lv, mark).length >= 2);
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);
  const patchEvents = wsEvents(lv, mark);
  assert.equal(patchEvents.length, 2, JSON.stringify(patchEvents));
  assert.ok(patchEvents[0].type === 'sent' && patchEvents[0].payload.includes('live_patch'), patchEvents[0].payload);
  assert.ok(patchEvents[1].type === 'received' && patchEvents[1].payload.includes('phx_reply'), patchEvents[1].payload);
  assert.equal(await historyLength(lv), length + 1);

  // live navigation to the other LV
  mark = lv.mark();
  await link(lv, 'LiveView B').click();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);
  const wanted = [
    { type: 'sent', has: 'phx_leave' },
    { type: 'sent', has: 'phx_join' },
    { type: 'received', has: 'phx_close' },
    { type: 'received', has: 'phx_reply' },
    { type: 'received', has: 'phx_reply' },
  ];
  await lv.waitUntil('leave, join, close and two replies', () => containsEach(wsEvents(lv, mark), wanted));
  },
);

scenario(
  'handles live redirect loops',
  { phxErrors: true },
  async (lv) => {
    await lv.goto('/navigation/redirectloop');
    const mark = lv.mark();
    await link(lv, 'Redirect Loop').click();
    await lv.waitUntil('a phx_error', () => wsEvents(lv, mark).some((e) => e.type === 'received' && e.event === 'phx_error'));
    // the view rejoins
    await syncLV(lv);
    await lv.waitForText('#message', 'Too many redirects');
  },
);

scenario('popstate', async (lv) => {
  await lv.goto('/navigation/a');
  const mark = lv.mark();

  await link(lv, 'Patch this LiveView').click();
  await lv.waitForPath(await waitPatched(lv));
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);

  await link(lv, 'LiveView B').click();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);

  await lv.page.goBack();
  await waitForPathMatching(lv, /^\/navigation\/a\?/);
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);

  await lv.page.goBack();
  await lv.waitForPath('/navigation/a');
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);

  // and forward again
  await lv.page.goForward();
  await lv.page.goForward();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);

  // everything went over the websocket: no HTTP request
  assert.deepEqual(networkEvents(lv, mark), []);
});

scenario('can prevent live link navigation with before navigate', async (lv) => {
  await lv.goto('/navigation/a');
  await recordNavigation(lv, true);
  let mark = lv.mark();

  await link(lv, 'LiveView B').click();
  await waitInPage(lv.page, 'the before-navigate event', () => window.beforeNavigateEvents.length > 0);
  assert.equal(await lv.path(), '/navigation/a');
  assert.deepEqual(networkEvents(lv, mark), []);
  assert.deepEqual(wsEvents(lv, mark), []);
  assert.deepEqual(await lv.page.evaluate(() => window.beforeNavigateEvents), [
    { href: `${lv.baseURL}/navigation/b`, patch: false, pop: false, direction: 'forward' },
  ]);
  assert.deepEqual(await lv.page.evaluate(() => window.navigateEvents), []);

  await lv.page.evaluate(() => {
    window.preventNavigation = false;
  });
  mark = lv.mark();
  await link(lv, 'LiveView B').click();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);
});

scenario('can prevent popstate navigation with before navigate', async (lv) => {
  await lv.goto('/navigation/a');
  await link(lv, 'LiveView B').click();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);

  await recordNavigation(lv, true);
  let mark = lv.mark();

  await lv.page.goBack();
  await waitInPage(lv.page, 'the before-navigate event', () => window.beforeNavigateEvents.length > 0);
  assert.equal(await lv.path(), '/navigation/b');
  assert.deepEqual(networkEvents(lv, mark), []);
  assert.deepEqual(wsEvents(lv, mark), []);
  assert.deepEqual(await lv.page.evaluate(() => window.beforeNavigateEvents), [
    { href: `${lv.baseURL}/navigation/a`, patch: false, pop: true, direction: 'backward' },
  ]);
  assert.deepEqual(await lv.page.evaluate(() => window.navigateEvents), []);

  await lv.page.evaluate(() => {
    window.preventNavigation = false;
  });
  mark = lv.mark();
  await lv.page.goBack();
  await lv.waitForPath('/navigation/a');
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);
});

scenario('before navigate does not prevent server-side navigation', async (lv) => {
  await lv.goto('/navigation/a');
  await lv.page.evaluate(() => {
    window.beforeNavigateEvents = [];
    window.addEventListener('phx:before-navigate', (event) => {
      window.beforeNavigateEvents.push(event.detail);
      event.preventDefault();
    });
  });

  await lv.page.getByRole('button', { name: 'Server Navigate' }).click();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);
  assert.deepEqual(await lv.page.evaluate(() => window.beforeNavigateEvents), []);
});

scenario('patch with replace replaces history', async (lv) => {
  await lv.goto('/navigation/a');
  const url = lv.page.url();
  const length = await historyLength(lv);

  await link(lv, 'Patch (Replace)').click();
  await waitForPathMatching(lv, /^\/navigation\/a\?param=/);
  await syncLV(lv);

  assert.equal(await historyLength(lv), length);
  assert.notEqual(lv.page.url(), url);
});

scenario(
  'falls back to http navigation when navigating between live sessions',
  {
    // the join of the other session's view is refused, and the client loads the page
    errorReplies: true,
    diagnostics: ['view.unauthorized-live-redirect'],
  },
  async (lv) => {
    await lv.goto('/navigation/a');
    const mark = lv.mark();

    // live navigation to a page of another live session
    await link(lv, 'LiveView (other session)').click();
    await lv.waitForPath('/stream');
    await syncLV(lv);

    assert.ok(
      networkEvents(lv, mark).some((e) => e.method === 'GET' && e.url === `${lv.baseURL}/stream`),
      JSON.stringify(networkEvents(lv, mark)),
    );
    const wanted = [
      { type: 'sent', has: 'phx_leave' },
      { type: 'sent', has: 'phx_join' },
      { type: 'received', has: /error.*unauthorized/ },
    ];
    assert.ok(containsEach(wsEvents(lv, mark), wanted), JSON.stringify(wsEvents(lv, mark)));
  },
);

/** Scrolls the document so that item 42 sits 200px below the top; returns that offset. */
async function scrollTo42(lv) {
  const offset = (await lv.page.locator('#items-item-42').evaluate((el) => el.offsetTop)) - 200;
  await lv.page.evaluate((offset) => window.scrollTo(0, offset), offset);
  return offset;
}

scenario('restores scroll position after navigation', async (lv) => {
  await lv.goto('/navigation/b');
  await lv.waitForText('#items-item-42', 'Item 42');
  assert.equal(await scrollTop(lv), 0);
  const offset = await scrollTo42(lv);
  // the client records the scroll position at most every 100 ms
  await sleep(150);

  await link(lv, 'Item 42').click();
  await lv.waitForPath('/navigation/b/item-42');
  await syncLV(lv);

  await lv.page.goBack();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);

  await poll('scrollTop restored', () => scrollTop(lv), (top) => top === offset);
});

scenario('does not restore scroll position on custom container after navigation', async (lv) => {
  await lv.goto('/navigation/b?container=1');
  await lv.waitForText('#items-item-42', 'Item 42');
  const container = lv.page.locator('#my-scroll-container');
  assert.equal(await container.evaluate((el) => el.scrollTop), 0);
  const offset = (await lv.page.locator('#items-item-42').evaluate((el) => el.offsetTop)) - 200;
  await container.evaluate((el, offset) => el.scrollTo(0, offset), offset);

  await link(lv, 'Item 42').click();
  await lv.waitForPath('/navigation/b/item-42');
  await syncLV(lv);

  await lv.page.goBack();
  await lv.waitForPath('/navigation/b?container=1');
  await syncLV(lv);

  await poll('scrollTop of the container', () => lv.page.locator('#my-scroll-container').evaluate((el) => el.scrollTop), (top) => top === 0);
});

/** Whether the document's scroll position shows item 42 (within upstream's ±500px). */
async function assertScrolledTo42(lv, offset) {
  const top = await scrollTop(lv);
  assert.notEqual(top, 0);
  assert.ok(top >= offset - 500 && top <= offset + 500, `scrollTop ${top}, item 42 at ${offset + 200}`);
}

scenario('scrolls hash el into view', async (lv) => {
  await lv.goto('/navigation/b');
  await lv.waitForText('#items-item-42', 'Item 42');
  assert.equal(await lv.page.locator('#my-scroll-container').evaluate((el) => el.scrollTop), 0);
  const offset = (await lv.page.locator('#items-item-42').evaluate((el) => el.offsetTop)) - 200;

  await link(lv, 'Go to 42').click();
  await waitInPage(lv.page, 'the hash in the URL', () => location.hash === '#items-item-42');
  assert.equal(new URL(lv.page.url()).pathname, '/navigation/b');
  await assertScrolledTo42(lv, offset);

  await lv.page.goto('/navigation/a');
  await lv.page.goto('/navigation/b#items-item-42');
  await assertScrolledTo42(lv, offset);
});

scenario('scrolls hash el into view after live navigation (issue #3452)', async (lv) => {
  await lv.goto('/navigation/a');

  await link(lv, 'Navigate to 42').click();
  await waitInPage(lv.page, 
    'the URL /navigation/b#items-item-42',
    () => location.pathname === '/navigation/b' && location.hash === '#items-item-42',
  );
  const top = await scrollTop(lv);
  const offset = (await lv.page.locator('#items-item-42').evaluate((el) => el.offsetTop)) - 200;
  assert.notEqual(top, 0);
  assert.ok(top >= offset - 500 && top <= offset + 500, `scrollTop ${top}, item 42 at ${offset + 200}`);
});

// The dead page has no live route: the client's live navigation join is refused (as Phoenix
// refuses it) and it loads the page.
const DEAD_PAGE = { errorReplies: true, diagnostics: ['view.unauthorized-live-redirect'] };

scenario('restores scroll position when navigating from dead view', DEAD_PAGE, async (lv) => {
  await lv.goto('/navigation/b');
  await lv.waitForText('#items-item-42', 'Item 42');
  assert.equal(await scrollTop(lv), 0);
  const offset = await scrollTo42(lv);
  // the client records the scroll position at most every 100 ms
  await sleep(150);

  await link(lv, 'Dead').click();
  await lv.page.waitForURL((url) => url.pathname === '/navigation/dead');

  await lv.page.goBack();
  await syncLV(lv);

  await poll('scrollTop restored', () => scrollTop(lv), (top) => top === offset);
});

scenario('navigating all the way back works without remounting (only patching)', async (lv) => {
  await lv.goto('/navigation/a');
  const mark = lv.mark();
  await link(lv, 'Patch this LiveView').click();
  await lv.waitForPath(await waitPatched(lv));
  await syncLV(lv);
  await lv.page.goBack();
  await lv.waitForPath('/navigation/a');
  await syncLV(lv);
  assert.deepEqual(networkEvents(lv, mark), []);
  const events = wsEvents(lv, mark);
  // only patches
  assert.equal(events.filter((e) => e.payload.includes('phx_leave')).length, 0);
  // two of them
  assert.equal(events.filter((e) => e.payload.includes('live_patch')).length, 2);
});

// upstream: phoenix_live_view PR #3513, issue #3536
scenario('back and forward navigation types are tracked', async (lv) => {
  let seen = 0;
  /** The detail of the next `navigate event …` console line (the layout logs them). */
  const navigationEvent = async () => {
    const message = await lv.waitUntil('a "navigate event" console line', () =>
      lv.consoleMessages.slice(seen).find((m) => m.text.startsWith('navigate event')),
    );
    seen = lv.consoleMessages.length;
    return JSON.parse(message.text.slice('navigate event '.length));
  };

  // first visit
  await lv.goto('/navigation/b');
  seen = lv.consoleMessages.length;
  const mark = lv.mark();

  // live navigation
  await link(lv, 'LiveView A').click();
  await lv.waitForPath('/navigation/a');
  await syncLV(lv);
  assert.deepEqual(await navigationEvent(), {
    href: `${lv.baseURL}/navigation/a`,
    patch: false,
    pop: false,
    direction: 'forward',
  });

  // patch
  await link(lv, 'Patch this LiveView').click();
  await lv.waitForPath(await waitPatched(lv));
  await syncLV(lv);
  let ev = await navigationEvent();
  assert.match(ev.href, /\/navigation\/a\?param=.*/);
  assert.deepEqual({ ...ev, href: '' }, { href: '', patch: true, pop: false, direction: 'forward' });

  // back is a patch as well (upstream does not wait for the view between these steps; we do,
  // or a step taken while the previous view is still joining remounts it)
  await lv.page.goBack();
  await lv.waitForPath('/navigation/a');
  await syncLV(lv);
  assert.deepEqual(await navigationEvent(), {
    href: `${lv.baseURL}/navigation/a`,
    patch: true,
    pop: true,
    direction: 'backward',
  });

  await lv.page.goBack();
  await lv.waitForPath('/navigation/b');
  await syncLV(lv);
  assert.deepEqual(await navigationEvent(), {
    href: `${lv.baseURL}/navigation/b`,
    patch: false,
    pop: true,
    direction: 'backward',
  });

  await lv.page.goForward();
  await lv.waitForPath('/navigation/a');
  await syncLV(lv);
  assert.deepEqual(await navigationEvent(), {
    href: `${lv.baseURL}/navigation/a`,
    patch: false,
    pop: true,
    direction: 'forward',
  });

  await lv.page.goForward();
  await waitForPathMatching(lv, /^\/navigation\/a\?param=/);
  ev = await navigationEvent();
  assert.match(ev.href, /\/navigation\/a\?param=.*/);
  assert.deepEqual({ ...ev, href: '' }, { href: '', patch: true, pop: true, direction: 'forward' });
  await syncLV(lv);

  // no full page load
  assert.deepEqual(networkEvents(lv, mark), []);
  const events = wsEvents(lv, mark);
  // 3 live navigations: b to a, back from a to b, forward to a
  assert.equal(events.filter((e) => e.payload.includes('phx_leave')).length, 3);
  // 3 patches: a to a?param, back to a, forward to a?param
  assert.equal(events.filter((e) => e.payload.includes('live_patch')).length, 3);
});

/** The path the last "Patch this LiveView" click goes to (its href, read before it changes). */
async function waitPatched(lv) {
  await lv.page.waitForFunction(() => location.search.startsWith('?param='), null, { timeout: WAIT_MS });
  return lv.page.evaluate(() => location.pathname + location.search);
}
