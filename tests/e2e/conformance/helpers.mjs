// Helpers for the conformance tests: Phoenix LiveView's own e2e scenarios
// (test/e2e/tests/**/*.spec.js upstream), re-expressed against the `conformance` binary.
//
// A test file starts with
//
//   import { conformanceSuite } from './helpers.mjs';
//   const { scenario } = conformanceSuite();
//   scenario('upstream test name', async (lv) => { await lv.goto('/navigation/a'); ... });
//
// `lv` is the harness's LivePage (../support.mjs): `lv.page` is the playwright page,
// `lv.frames`/`lv.requests`/`lv.consoleMessages` the recordings; `syncLV(lv)` below is
// upstream's syncLV, made safe across live navigation.

import assert from 'node:assert/strict';
import { WAIT_MS, e2eSuite, waitInPage } from '../support.mjs';

/** `e2eSuite` serving the conformance app (the binary is built or taken from $CONFORMANCE_BIN). */
export function conformanceSuite(opts = {}) {
  return e2eSuite({ ...opts, binary: 'conformance' });
}

/**
 * Upstream's `syncLV`: the main view is connected and nothing is loading. Stricter than
 * `lv.sync()` during live navigation, where the outgoing view's container keeps its
 * `phx-connected` class until the incoming view has joined: this also waits for the client's
 * current main view to be joined.
 */
export async function syncLV(lv, opts) {
  await waitInPage(lv.page, 'the main LiveView to be joined', () => window.liveSocket?.main?.isConnected() === true, null, opts);
  await lv.sync(opts);
}

/**
 * Runs sandbox command `name` with `arg` in the LiveView that owns `selector` (default: the
 * main view) and resolves its reply: `{result}` (or `{error}`), or `{}` with `later: true`
 * (the command then runs as a message to the view). The stand-in for upstream's `evalLV`; the
 * view must implement `conformance::sandbox::Sandbox` (examples/src/conformance/sandbox.rs).
 * Like upstream's helper it reaches the view through the client's internals.
 */
export function evalLV(page, name, arg = null, { later = false, selector = '[data-phx-main]' } = {}) {
  return page.evaluate(
    ({ name, arg, later, selector }) =>
      new Promise((resolve) => {
        window.liveSocket.main.withinTargets(selector, (view, targetCtx) => {
          view.pushEvent('event', document.body, targetCtx, 'sandbox:eval', { name, arg, later }, {}, (reply) =>
            resolve(reply),
          );
        });
      }),
    { name, arg, later, selector },
  );
}

/**
 * The websocket traffic since `mark` as upstream's tests record it: `{type: 'sent'|'received',
 * event, payload}` with `payload` the raw frame text (upstream matches substrings of it).
 */
export function wsEvents(lv, mark) {
  return lv.framesSince(mark).map((f) => ({ type: f.dir, event: f.event, payload: f.raw }));
}

/** HTTP requests since `mark` as `{method, url}` (upstream's `networkEvents`). */
export function networkEvents(lv, mark) {
  return lv.requestsSince(mark).map((r) => ({ method: r.method, url: r.url }));
}

/** Waits until the page's `pathname + search` matches `re` (upstream's `toHaveURL(/regexp/)`). */
export async function waitForPathMatching(lv, re, { timeout = WAIT_MS } = {}) {
  try {
    await lv.page.waitForFunction(
      ({ source, flags }) => new RegExp(source, flags).test(location.pathname + location.search),
      { source: re.source, flags: re.flags },
      { timeout },
    );
  } catch {
    const actual = await lv.path().catch(() => lv.page.url());
    assert.fail(`URL: expected to match ${re}, still ${actual} after ${timeout} ms`);
  }
}
