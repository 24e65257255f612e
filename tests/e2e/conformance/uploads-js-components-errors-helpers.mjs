// Helpers shared by uploads.test.mjs, js.test.mjs, components.test.mjs and errors.test.mjs.

import assert from 'node:assert/strict';
import { WAIT_MS } from '../support.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts recording the attribute changes of the first element matching `selector` (upstream's
 * `attributeMutations`); the returned function stops and resolves
 * `[{attr, oldValue, newValue}]`, `newValue` being the attribute's value when the change was seen.
 */
export async function attributeMutations(page, selector) {
  const key = `__mutations_${Math.random().toString(36).slice(2)}`;
  await page.locator(selector).first().evaluate((el, key) => {
    const seen = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          seen.push({ attr: r.attributeName, oldValue: r.oldValue, newValue: r.target.getAttribute(r.attributeName) });
        }
      }
    });
    observer.observe(el, { attributes: true, attributeOldValue: true });
    window[key] = () => {
      for (const r of observer.takeRecords()) {
        if (r.type === 'attributes') {
          seen.push({ attr: r.attributeName, oldValue: r.oldValue, newValue: r.target.getAttribute(r.attributeName) });
        }
      }
      observer.disconnect();
      delete window[key];
      return seen;
    };
  }, key);
  return () => page.evaluate((key) => window[key](), key);
}

/**
 * Asserts that `actual` has an entry matching each of `wanted`, each matched entry used once
 * (upstream's `expect.arrayContaining`); a wanted entry's fields are compared exactly, and an
 * entry with `partial: true` only on the fields it names (`expect.objectContaining`).
 */
export function assertContainsEach(actual, wanted, what = 'list') {
  const left = [...actual];
  for (const w of wanted) {
    const { partial = false, ...fields } = w;
    const i = left.findIndex((a) => {
      const keys = partial ? Object.keys(fields) : [...new Set([...Object.keys(fields), ...Object.keys(a)])];
      return keys.every((k) => (fields[k] instanceof RegExp ? fields[k].test(a[k]) : a[k] === fields[k]));
    });
    assert.ok(i >= 0, `${what}: no entry matches ${JSON.stringify(w)}; got ${JSON.stringify(actual)}`);
    left.splice(i, 1);
  }
}

/** Polls `fn` until `check` accepts its value (upstream's retrying `expect`). */
export async function poll(what, fn, check, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (check(last)) return last;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeout} ms`);
    await sleep(50);
  }
}

/** Waits until `locator` has attribute `name` whose value matches `re` (or is absent with `re === null`). */
export function waitForAttribute(locator, name, re, timeout = WAIT_MS) {
  return poll(
    `attribute ${name}`,
    () => locator.getAttribute(name),
    (v) => (re === null ? v === null : v !== null && re.test(v)),
    timeout,
  );
}

/** Whether the first element matching `locator` is focused. */
export async function waitForFocus(locator, what, timeout = WAIT_MS) {
  await poll(
    `${what} focused`,
    () => locator.evaluate((el) => document.activeElement === el),
    (v) => v === true,
    timeout,
  );
}
