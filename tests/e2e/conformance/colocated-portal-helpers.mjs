// Retrying assertions shared by colocated.test.mjs and portal.test.mjs (upstream's
// `expect(locator).toHaveText(..)` and friends, which retry until they hold or time out).

import assert from 'node:assert/strict';
import { WAIT_MS } from '../support.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `check` accepts its value; fails with the last value after `timeout`. */
export async function poll(what, read, check, { timeout = WAIT_MS } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch (error) {
      last = `(${error.message.split('\n')[0]})`;
    }
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeout} ms`);
    await sleep(50);
  }
}

/** `toHaveText`: the element's whole text, trimmed, equals `text`. */
export const expectText = (locator, text) =>
  poll(`text of ${locator}`, async () => (await locator.textContent()).trim(), (v) => v === text);

/** `toContainText`. */
export const expectContainsText = (locator, text) =>
  poll(`text of ${locator}`, () => locator.textContent(), (v) => v.includes(text));

/** `toHaveCount`. */
export const expectCount = (locator, n) => poll(`count of ${locator}`, () => locator.count(), (v) => v === n);

/** `toBeVisible` (the single element matching `locator`). */
export const expectVisible = (locator) => poll(`visibility of ${locator}`, () => locator.isVisible(), (v) => v === true);

/** `toBeHidden` (absent or not visible). */
export const expectHidden = (locator) => poll(`visibility of ${locator}`, () => locator.isVisible(), (v) => v === false);

/** `toHaveAttribute(name, value)`. */
export const expectAttribute = (locator, name, value) =>
  poll(`attribute ${name} of ${locator}`, () => locator.getAttribute(name), (v) => v === value);

/** `toHaveCSS(property, value)`: the computed value of `property`. */
export const expectCSS = (locator, property, value) =>
  poll(
    `${property} of ${locator}`,
    () => locator.evaluate((el, property) => getComputedStyle(el).getPropertyValue(property), property),
    (v) => v === value,
  );
