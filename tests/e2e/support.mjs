// Shared harness for the browser end-to-end suite.
//
// The official Phoenix LiveView client (served by the gallery) runs in Debian's headless
// Chromium, driven by playwright-core. Each test file calls `e2eSuite()` once: it builds the
// `gallery` binary (or uses $GALLERY_BIN), starts it on a free loopback port, launches Chromium,
// (`e2eSuite({ binary: 'conformance' })` does the same with the `conformance` binary, the
// upstream Phoenix LiveView e2e test app; tests/e2e/conformance/),
// and gives every scenario a fresh browser context whose websocket frames, requests, console
// messages, page errors and LiveView client diagnostics are recorded. A scenario fails on any
// uncaught page error, console error, LiveView error diagnostic, malformed server frame, error
// reply or `phx_error`, unless the scenario allow-lists exactly what it triggers on purpose.
//
// Environment:
//   GALLERY_BIN        use this gallery binary instead of `cargo build -p liveview-examples --bin gallery`
//   CONFORMANCE_BIN    likewise for `e2eSuite({ binary: 'conformance' })`
//   CHROMIUM_BIN       browser executable (default /usr/bin/chromium)
//   E2E_WAIT_MS        bound of every single wait (default 10000)
//   E2E_SCENARIO_MS    bound of a whole scenario (default 90000)
//   E2E_SCREENSHOTS    where each scenario's final screenshot goes (default target/e2e-screenshots):
//                      `<test file>-<scenario>.png`, e.g. counter_list-counter-increments.png

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { chromium } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WAIT_MS = Number(process.env.E2E_WAIT_MS ?? 10_000);
const SCENARIO_MS = Number(process.env.E2E_SCENARIO_MS ?? 90_000);
const GALLERY_START_MS = 60_000;
const BUILD_MS = 30 * 60_000;
const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(process.env.E2E_SCREENSHOTS ?? path.join(REPO_ROOT, 'target', 'e2e-screenshots'));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/// Fixed signing secret handed to the gallery as LIVEVIEW_SECRET, so session tokens stay valid
/// across a restart of the gallery process (the development default is a random per-process secret).
export const TEST_SECRET = 'liveview-e2e-fixed-test-secret-not-for-production-0123456789abcd';
assert.equal(TEST_SECRET.length, 64);

/// Console errors Chromium itself logs while the gallery is down and the client retries its socket.
export const WEBSOCKET_REFUSED =
  /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/live\/websocket\?[^']*' failed: (Error in connection establishment: net::ERR_CONNECTION_REFUSED|Connection closed before receiving a handshake response)$/;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const TIMED_OUT = Symbol('timed out');
/** `promise`, or TIMED_OUT after `ms`; the timer is cleared either way (it must not keep the process alive). */
async function within(ms, promise) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms, TIMED_OUT)))]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The gallery process
// ---------------------------------------------------------------------------------------------

/// The servers a suite can start: their environment override and readiness probe path.
const BINARIES = {
  gallery: { env: 'GALLERY_BIN', probe: '/' },
  conformance: { env: 'CONFORMANCE_BIN', probe: '/health' },
};

const binaryPromises = new Map();

/** Path of the gallery binary: $GALLERY_BIN, or the result of a (debug) cargo build. */
export function galleryBinary() {
  return serverBinary('gallery');
}

/** Path of binary `name` of `liveview-examples` (see BINARIES): its env override, or a (debug) cargo build. */
export function serverBinary(name) {
  const known = BINARIES[name];
  assert.ok(known, `unknown server binary ${name}; one of ${Object.keys(BINARIES).join(', ')}`);
  if (!binaryPromises.has(name)) {
    binaryPromises.set(
      name,
      (async () => {
        if (process.env[known.env]) {
          const bin = path.resolve(process.env[known.env]);
          assert.ok(fs.existsSync(bin), `${known.env}=${bin} does not exist`);
          return bin;
        }
        return cargoBuild(name);
      })(),
    );
  }
  return binaryPromises.get(name);
}

function cargoBuild(name) {
  const args = ['build', '-p', 'liveview-examples', '--bin', name, '--message-format=json-render-diagnostics'];
  return new Promise((resolve, reject) => {
    // Diagnostics and progress go to our stderr; artifacts are read from the JSON on stdout.
    const child = spawn('cargo', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let executable = null;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let msg;
        try {
          msg = JSON.parse(line);
        } catch {
          continue;
        }
        if (msg.reason === 'compiler-artifact' && msg.target?.name === name && msg.executable) {
          executable = msg.executable;
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`cargo ${args.join(' ')} failed with exit code ${code}`));
      else if (!executable) reject(new Error(`cargo build reported no \`${name}\` executable`));
      else resolve(executable);
    });
  });
}

/** A free loopback TCP port (bound on port 0, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One GET without connection reuse; resolves {ok, status} and never rejects. */
function probe(url, timeoutMs = 2_000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve({ ok: true, status: res.statusCode });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('probe timeout')));
    req.on('error', () => resolve({ ok: false }));
  });
}

const liveChildren = new Set();
function killAllChildren() {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

const LOG_CAP = 4 * 1024 * 1024;

/** The gallery process on a fixed port; can be stopped and started again on the same port. */
export class Gallery {
  #child = null;
  #exited = null;
  #log = '';
  #dropped = 0; // characters dropped from the front of the log (keeps marks valid)

  /** `probe`: the path whose answer means the server is ready (any status). */
  constructor(bin, port, env = {}, { probe = '/' } = {}) {
    this.bin = bin;
    this.port = port;
    this.env = env;
    this.probePath = probe;
  }

  get baseURL() {
    return `http://127.0.0.1:${this.port}`;
  }

  get running() {
    return this.#child !== null;
  }

  /** Position in the log, for `logSince`. */
  mark() {
    return this.#dropped + this.#log.length;
  }

  logSince(mark = 0) {
    return this.#log.slice(Math.max(0, mark - this.#dropped));
  }

  #append(text) {
    this.#log += text;
    if (this.#log.length > LOG_CAP) {
      const cut = this.#log.length - LOG_CAP / 2;
      this.#log = this.#log.slice(cut);
      this.#dropped += cut;
    }
  }

  #note(text) {
    this.#append(`[e2e harness] ${text}\n`);
  }

  /** Spawn the gallery and wait until `GET <probe path>` answers. */
  async start({ timeout = GALLERY_START_MS } = {}) {
    assert.ok(!this.#child, 'gallery is already running');
    const addr = `127.0.0.1:${this.port}`;
    this.#note(`starting ${this.bin} --addr ${addr}`);
    const child = spawn(this.bin, ['--addr', addr], {
      cwd: REPO_ROOT,
      env: { ...process.env, LIVEVIEW_SECRET: TEST_SECRET, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(child);
    this.#child = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => this.#append(d));
    child.stderr.on('data', (d) => this.#append(d));
    const exited = new Promise((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    }).then((result) => {
      liveChildren.delete(child);
      if (this.#child === child) this.#child = null;
      this.#note(
        `gallery exited (code ${result.code}, signal ${result.signal}${result.error ? `, ${result.error.message}` : ''})`,
      );
      return result;
    });
    this.#exited = exited;

    const deadline = Date.now() + timeout;
    for (;;) {
      const outcome = await Promise.race([probe(`${this.baseURL}${this.probePath}`), exited.then((e) => ({ exited: e }))]);
      if (outcome.exited) {
        throw new Error(
          `gallery exited before answering GET ${this.probePath} (code ${outcome.exited.code}, signal ${outcome.exited.signal})\n` +
            this.logSince(0),
        );
      }
      if (outcome.ok) {
        this.#note(`gallery answers GET ${this.probePath} with ${outcome.status}`);
        return;
      }
      if (Date.now() > deadline) {
        await this.stop('SIGKILL');
        throw new Error(`gallery did not answer GET ${this.probePath} within ${timeout} ms\n${this.logSince(0)}`);
      }
      await sleep(50); // poll interval of the readiness probe
    }
  }

  /**
   * Stop the process with `signal`; escalate to SIGKILL after `graceMs`.
   * Resolves {code, signal, escalated} (null if it was not running).
   */
  async stop(signal = 'SIGTERM', { graceMs = 5_000 } = {}) {
    const child = this.#child;
    if (!child) return null;
    this.#note(`sending ${signal}`);
    child.kill(signal);
    let result = await within(graceMs, this.#exited);
    if (result !== TIMED_OUT) return { ...result, escalated: false };
    this.#note(`still running ${graceMs} ms after ${signal}; sending SIGKILL`);
    child.kill('SIGKILL');
    result = await this.#exited;
    return { ...result, escalated: true };
  }
}

// ---------------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------------

/** Debian Chromium, headless, with a fresh temporary profile (playwright creates the --user-data-dir). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Waits for `[data-phx-main].phx-connected` and no pending click/change/submit anywhere. */
export async function syncLV(page, { timeout = WAIT_MS } = {}) {
  try {
    await page.waitForFunction(
      () => {
        const main = document.querySelector('[data-phx-main]');
        return (
          main !== null &&
          main.classList.contains('phx-connected') &&
          document.querySelector('.phx-click-loading, .phx-change-loading, .phx-submit-loading') === null
        );
      },
      null,
      { timeout },
    );
  } catch (error) {
    const state = await page
      .evaluate(() => ({
        main: document.querySelector('[data-phx-main]')?.className ?? '<no [data-phx-main]>',
        loading: [...document.querySelectorAll('.phx-click-loading, .phx-change-loading, .phx-submit-loading')].map(
          (el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`,
        ),
      }))
      .catch(() => '<page unavailable>');
    throw new assert.AssertionError({
      message: `LiveView did not settle within ${timeout} ms: ${inspect(state)}`,
      operator: 'syncLV',
    });
  }
}

/** Visible text of the first match, whitespace collapsed and trimmed; null if absent. */
export function textOf(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el === null ? null : el.textContent.replace(/\s+/g, ' ').trim();
  }, selector);
}

/** Waits until `textOf(selector)` equals `expected` (string) or matches it (RegExp). */
export async function waitForText(page, selector, expected, { timeout = WAIT_MS } = {}) {
  const want =
    expected instanceof RegExp ? { re: expected.source, flags: expected.flags } : { eq: String(expected) };
  try {
    await page.waitForFunction(
      ({ sel, want }) => {
        const el = document.querySelector(sel);
        if (el === null) return false;
        const text = el.textContent.replace(/\s+/g, ' ').trim();
        return want.re !== undefined ? new RegExp(want.re, want.flags).test(text) : text === want.eq;
      },
      { sel: selector, want },
      { timeout },
    );
  } catch {
    const actual = await textOf(page, selector).catch(() => '<page unavailable>');
    throw new assert.AssertionError({
      message: `${selector}: expected text ${inspect(expected)}, still ${inspect(actual)} after ${timeout} ms`,
      actual,
      expected,
      operator: 'waitForText',
    });
  }
}

/** Waits until the page's `pathname + search` is exactly `expected`. */
export async function waitForPath(page, expected, { timeout = WAIT_MS } = {}) {
  try {
    await page.waitForFunction((exp) => location.pathname + location.search === exp, expected, { timeout });
  } catch {
    const actual = await page.evaluate(() => location.pathname + location.search).catch(() => page.url());
    throw new assert.AssertionError({
      message: `URL: expected ${inspect(expected)}, still ${inspect(actual)} after ${timeout} ms`,
      actual,
      expected,
      operator: 'waitForPath',
    });
  }
}

/** Waits until `fn(arg)` is truthy in the page; `what` names the condition in the failure. */
export async function waitInPage(page, what, fn, arg, { timeout = WAIT_MS } = {}) {
  try {
    return await page.waitForFunction(fn, arg, { timeout });
  } catch {
    throw new assert.AssertionError({ message: `timed out after ${timeout} ms waiting for ${what}`, operator: 'waitInPage' });
  }
}

// ---------------------------------------------------------------------------------------------
// Wire helpers
// ---------------------------------------------------------------------------------------------

/** Every comprehension (object with a `k` map) inside a rendered diff, with its slot path. */
export function comprehensions(diff) {
  const found = [];
  const walk = (node, at) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    if (node.k !== null && typeof node.k === 'object' && !Array.isArray(node.k)) found.push({ path: at, k: node.k });
    for (const [key, value] of Object.entries(node)) walk(value, [...at, key]);
  };
  walk(diff, []);
  return found;
}

/** Paths of every key `name` anywhere inside a rendered diff (arrays, i.e. `e` payloads, are skipped). */
export function keyPaths(diff, name) {
  const found = [];
  const walk = (node, at) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === name) found.push([...at, key].join('.'));
      walk(value, [...at, key]);
    }
  };
  walk(diff, []);
  return found;
}

function formatFrame(f) {
  const head = `#${f.seq} ws${f.socket} ${f.dir === 'sent' ? 'C→S' : 'S→C'}`;
  if (f.binary || f.malformed) return `${head} ${f.raw}`;
  let payload = JSON.stringify(f.payload);
  if (payload.length > 400) payload = `${payload.slice(0, 400)}…(${payload.length} chars)`;
  return `${head} ${JSON.stringify([f.join_ref, f.ref, f.topic, f.event])} ${payload}`;
}

// ---------------------------------------------------------------------------------------------
// A recorded browser page
// ---------------------------------------------------------------------------------------------

/**
 * A fresh browser context + page pointed at the gallery, recording:
 * - `frames`: every websocket frame, parsed from `[join_ref, ref, topic, event, payload]`;
 * - `sockets`: every websocket ({index, url, closed});
 * - `requests`: every HTTP request ({url, type, method}); `documentRequests()` counts page loads;
 * - `pageErrors`, `consoleMessages`, `diagnostics` (the client's `phx:live-view:diagnostic` events).
 */
export class LivePage {
  frames = [];
  sockets = [];
  requests = [];
  pageErrors = [];
  consoleMessages = [];
  diagnostics = [];

  constructor(context, page, baseURL, allow) {
    this.context = context;
    this.page = page;
    this.baseURL = baseURL;
    this.allow = allow;
  }

  static async open(browser, baseURL, allow) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const lv = new LivePage(context, page, baseURL, allow);
    page.setDefaultTimeout(WAIT_MS);
    page.setDefaultNavigationTimeout(WAIT_MS);
    page.on('websocket', (ws) => {
      const socket = { index: lv.sockets.length, url: ws.url(), closed: false };
      lv.sockets.push(socket);
      ws.on('framesent', ({ payload }) => lv.#record('sent', socket, payload));
      ws.on('framereceived', ({ payload }) => lv.#record('received', socket, payload));
      ws.on('socketerror', (error) => {
        socket.error = String(error);
      });
      ws.on('close', () => {
        socket.closed = true;
      });
    });
    page.on('request', (r) => lv.requests.push({ url: r.url(), type: r.resourceType(), method: r.method() }));
    page.on('pageerror', (error) => lv.pageErrors.push(error));
    page.on('console', (m) => {
      const { url, lineNumber } = m.location();
      lv.consoleMessages.push({ type: m.type(), text: m.text(), where: url ? `${url}:${lineNumber}` : '' });
    });
    await page.exposeFunction('__e2eDiagnostic', (d) => lv.diagnostics.push(d));
    await page.addInitScript(() => {
      window.addEventListener('phx:live-view:diagnostic', (e) => {
        const d = e.detail || {};
        window.__e2eDiagnostic({
          level: d.level,
          code: d.code,
          message: String(d.message),
          attribution: d.attribution,
          viewId: d.viewId,
        });
      });
    });
    return lv;
  }

  #record(dir, socket, payload) {
    const f = { seq: this.frames.length, dir, socket: socket.index };
    if (typeof payload !== 'string') {
      f.binary = true;
      f.raw = `<binary frame, ${payload.length} bytes>`;
    } else {
      f.raw = payload;
      try {
        const msg = JSON.parse(payload);
        if (!Array.isArray(msg) || msg.length !== 5) throw new Error('not a 5-element array');
        [f.join_ref, f.ref, f.topic, f.event, f.payload] = msg;
      } catch {
        f.malformed = true;
      }
    }
    this.frames.push(f);
  }

  // --- navigation and DOM --------------------------------------------------------------------

  /** Full page load of `pathname` on the gallery, then `syncLV`. */
  async goto(pathname) {
    const response = await this.page.goto(pathname, { waitUntil: 'load' });
    assert.ok(response, `no response for ${pathname}`);
    assert.equal(response.status(), 200, `GET ${pathname} answered ${response.status()}`);
    await this.sync();
  }

  sync(opts) {
    return syncLV(this.page, opts);
  }

  text(selector) {
    return textOf(this.page, selector);
  }

  waitForText(selector, expected, opts) {
    return waitForText(this.page, selector, expected, opts);
  }

  waitForPath(expected, opts) {
    return waitForPath(this.page, expected, opts);
  }

  path() {
    return this.page.evaluate(() => location.pathname + location.search);
  }

  historyLength() {
    return this.page.evaluate(() => history.length);
  }

  /** Classes of the main LiveView container. */
  mainClasses() {
    return this.page.evaluate(() => [...(document.querySelector('[data-phx-main]')?.classList ?? [])]);
  }

  /** Number of HTTP requests for a document (page loads) so far. */
  documentRequests() {
    return this.requests.filter((r) => r.type === 'document').length;
  }

  // --- frames ----------------------------------------------------------------------------------

  /** A position in the recordings; pass it as `since` to look only at what happened afterwards. */
  mark() {
    return { frames: this.frames.length, requests: this.requests.length };
  }

  framesSince(mark) {
    return this.frames.slice(mark?.frames ?? 0);
  }

  requestsSince(mark) {
    return this.requests.slice(mark?.requests ?? 0);
  }

  /** LiveView frames (topic `lv:*`) matching `{dir, event}` since `mark`. */
  lvFrames({ dir, event, since } = {}) {
    return this.framesSince(since).filter(
      (f) =>
        !f.binary &&
        !f.malformed &&
        typeof f.topic === 'string' &&
        f.topic.startsWith('lv:') &&
        (dir === undefined || f.dir === dir) &&
        (event === undefined || f.event === event),
    );
  }

  /** Waits for the first frame since `since` matching `pred`; `what` names it in the failure. */
  async waitForFrame(what, pred, { since, timeout = WAIT_MS } = {}) {
    const start = since?.frames ?? 0;
    const deadline = Date.now() + timeout;
    for (;;) {
      for (let i = start; i < this.frames.length; i++) {
        const f = this.frames[i];
        if (!f.binary && !f.malformed && pred(f)) return f;
      }
      if (Date.now() > deadline) {
        throw new assert.AssertionError({
          message: `no frame: ${what} within ${timeout} ms; frames since mark:\n${this.frames
            .slice(start)
            .map(formatFrame)
            .join('\n')}`,
          operator: 'waitForFrame',
        });
      }
      await sleep(20); // poll the recording (filled by playwright events)
    }
  }

  /**
   * Polls `fn()` (Node side, e.g. over the recordings, or an async page query) until it returns
   * (or resolves to) a truthy value. Awaited: an async `fn` returns a promise, which is always
   * truthy, so without the `await` such a wait returned at once (issue #3129's scenario failed
   * now and then that way).
   */
  async waitUntil(what, fn, { timeout = WAIT_MS } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await fn();
      if (value) return value;
      if (Date.now() > deadline) {
        throw new assert.AssertionError({ message: `timed out after ${timeout} ms waiting for ${what}`, operator: 'waitUntil' });
      }
      await sleep(20); // poll the recording (filled by playwright events)
    }
  }

  /** The reply to a client frame (same socket, topic and ref). */
  replyTo(frame, opts) {
    return this.waitForFrame(
      `phx_reply to ${formatFrame(frame)}`,
      (f) =>
        f.dir === 'received' &&
        f.event === 'phx_reply' &&
        f.socket === frame.socket &&
        f.topic === frame.topic &&
        f.ref === frame.ref,
      { since: { frames: frame.seq + 1 }, ...opts },
    );
  }

  /**
   * Clicks `selector` and returns the `event` frame the client sent for it and the server's reply.
   * Waits for the click event frame only (not the reply) if `reply: false`.
   */
  async click(selector, { reply = true } = {}) {
    const since = this.mark();
    await this.page.locator(selector).click();
    const sent = await this.waitForFrame(
      `client click event after clicking ${selector}`,
      (f) => f.dir === 'sent' && f.event === 'event' && f.payload?.type === 'click',
      { since },
    );
    if (!reply) return { since, sent };
    const answer = await this.replyTo(sent);
    assert.equal(
      answer.payload?.status,
      'ok',
      `reply to the click on ${selector} is not ok: ${formatFrame(answer)}`,
    );
    return { since, sent, reply: answer };
  }

  // --- verdict ---------------------------------------------------------------------------------

  /** Everything the harness treats as a failure, minus the scenario's allow-list. */
  problems() {
    const { consoleErrors = [], diagnostics = [], phxErrors = false, errorReplies = false } = this.allow;
    const problems = [];
    for (const e of this.pageErrors) problems.push(`uncaught page error: ${e.stack || e}`);
    for (const m of this.consoleMessages) {
      if (m.type === 'error' && !consoleErrors.some((re) => re.test(m.text))) {
        problems.push(`console error: ${m.text}${m.where ? ` (${m.where})` : ''}`);
      }
    }
    for (const d of this.diagnostics) {
      if (d.level === 'error' && !diagnostics.includes(d.code)) {
        problems.push(`LiveView client error diagnostic ${d.code}: ${d.message}`);
      }
    }
    for (const f of this.frames) {
      if (f.dir !== 'received') continue;
      if (f.malformed) problems.push(`malformed frame from the server: ${f.raw.slice(0, 300)}`);
      else if (f.event === 'phx_error' && !phxErrors) problems.push(`unexpected phx_error: ${formatFrame(f)}`);
      else if (f.event === 'phx_reply' && f.payload?.status !== 'ok' && !errorReplies) {
        problems.push(`non-ok reply: ${formatFrame(f)}`);
      }
    }
    return problems;
  }

  async assertClean() {
    // Let queued tasks (late console messages, diagnostics) run before judging.
    await this.page
      .evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
      .catch(() => {});
    const skipped = await this.page.locator('[data-phx-skip]').count().catch(() => 0);
    const problems = this.problems();
    if (skipped > 0) problems.push(`${skipped} [data-phx-skip] element(s) left in the DOM (a diff referenced a skipped node)`);
    if (problems.length > 0) assert.fail(`the page reported problems:\n  ${problems.join('\n  ')}`);
  }

  report() {
    const lines = [];
    lines.push(`--- websocket frames (${this.frames.length}, last 120) ---`);
    for (const f of this.frames.slice(-120)) lines.push(formatFrame(f));
    lines.push(`--- sockets ---`, ...this.sockets.map((s) => inspect(s, { breakLength: Infinity })));
    lines.push(`--- requests (${this.requests.length}) ---`);
    for (const r of this.requests) lines.push(`${r.method} ${r.url} [${r.type}]`);
    lines.push(`--- console (${this.consoleMessages.length}) ---`);
    for (const m of this.consoleMessages.slice(-100)) lines.push(`[${m.type}] ${m.text}`);
    lines.push(`--- LiveView diagnostics (${this.diagnostics.length}) ---`);
    for (const d of this.diagnostics) lines.push(`[${d.level}] ${d.code}: ${d.message}`);
    lines.push(`--- page errors (${this.pageErrors.length}) ---`);
    for (const e of this.pageErrors) lines.push(String(e.stack || e));
    return lines.join('\n');
  }

  /**
   * Saves a full-page PNG of the page as `SCREENSHOT_DIR/<name>.png` (name slugged) and returns
   * its path, or null if the page could not be captured (closed, stuck): a screenshot is a
   * record for people, so failing to take one is reported on stderr but fails nothing.
   */
  async screenshot(name) {
    const file = path.join(SCREENSHOT_DIR, `${slug(name)}.png`);
    try {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const taken = await within(
        10_000,
        this.page.screenshot({ path: file, fullPage: true, animations: 'disabled', timeout: 10_000 }),
      );
      if (taken === TIMED_OUT) throw new Error('timed out');
      return file;
    } catch (error) {
      process.stderr.write(`[e2e harness] no screenshot ${file}: ${error.message ?? error}\n`);
      return null;
    }
  }

  async close() {
    // Chromium can leave Target.disposeBrowserContext unanswered when the page is in the middle of
    // a navigation (e.g. a reload the client started): park the page on about:blank first, and
    // bound the close (a stuck context is left to browser.close()).
    await this.page.goto('about:blank', { timeout: 5_000 }).catch(() => {});
    const closed = await within(10_000, this.context.close().catch(() => {}));
    if (closed === TIMED_OUT) process.stderr.write('[e2e harness] browser context did not close within 10 s; moving on\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Suite wiring
// ---------------------------------------------------------------------------------------------

/** `text` as a file-name part: lowercase ASCII letters, digits and `_` joined by single dashes. */
export function slug(text) {
  const s = String(text)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return s || 'page';
}

/** The test file that called `e2eSuite()` (the first stack frame outside this module), without `.test.mjs`. */
function callerTestName() {
  const here = fileURLToPath(import.meta.url);
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const m = line.match(/(file:\/\/[^\s)]+?):\d+:\d+\)?$/);
    if (m && fileURLToPath(m[1]) !== here) return path.basename(fileURLToPath(m[1])).replace(/(\.test)?\.m?js$/, '');
  }
  return path.basename(process.argv[1] ?? 'e2e').replace(/(\.test)?\.m?js$/, '');
}

/**
 * Registers the file's before/after hooks (build + start the gallery, launch Chromium; stop both)
 * and returns `{gallery, browser, scenario}`. `scenario(name, [allow], fn)` declares a test that
 * runs `fn(lv, suite)` on a fresh `LivePage` and then asserts the page is clean; pass or fail, the
 * page as it ends is saved as `SCREENSHOT_DIR/<test file>-<scenario>.png`. `env` adds to
 * (or, with '', clears) the gallery's environment; `binary: 'conformance'` serves the upstream
 * e2e test app instead of the gallery (`suite.gallery` is then that server). `allow`:
 *   consoleErrors: RegExp[]  console errors the scenario triggers on purpose
 *   diagnostics:   string[]  LiveView client error diagnostic codes it triggers on purpose
 *   phxErrors:     boolean   the server may send phx_error (a crash on purpose)
 *   errorReplies:  boolean   the server may answer with status "error"
 * and, not an allowance but a marker: `todo: 'why'` runs the scenario as a node:test todo (a
 * known failure, reported but not failing the run; the conformance tests mark upstream
 * scenarios that fail for a recorded reason this way).
 */
export function e2eSuite({ env = {}, binary = 'gallery' } = {}) {
  const suite = { gallery: null, browser: null };
  const testName = callerTestName();

  before(
    async () => {
      const bin = await serverBinary(binary);
      suite.gallery = new Gallery(bin, await freePort(), env, { probe: BINARIES[binary].probe });
      await suite.gallery.start();
      suite.browser = await launchBrowser();
    },
    { timeout: BUILD_MS },
  );

  after(async () => {
    if (suite.browser) await within(30_000, suite.browser.close().catch(() => {}));
    await suite.gallery?.stop('SIGTERM');
  });

  suite.scenario = (name, allowOrFn, maybeFn) => {
    const [allow, fn] = typeof allowOrFn === 'function' ? [{}, allowOrFn] : [allowOrFn, maybeFn];
    const options = allow.todo ? { timeout: SCENARIO_MS, todo: allow.todo } : { timeout: SCENARIO_MS };
    return test(name, options, async () => {
      assert.ok(suite.gallery && suite.browser, 'suite setup did not complete');
      if (!suite.gallery.running) await suite.gallery.start(); // a previous scenario left it stopped
      const logMark = suite.gallery.mark();
      const lv = await LivePage.open(suite.browser, suite.gallery.baseURL, allow);
      try {
        await fn(lv, suite);
        await lv.assertClean();
      } catch (error) {
        process.stderr.write(
          `\n===== e2e failure: ${name} =====\n${lv.report()}\n` +
            `--- gallery output during the scenario ---\n${suite.gallery.logSince(logMark)}\n` +
            `===== end of ${name} =====\n`,
        );
        throw error;
      } finally {
        await lv.screenshot(`${testName}-${name}`);
        await lv.close();
      }
    });
  };

  return suite;
}
