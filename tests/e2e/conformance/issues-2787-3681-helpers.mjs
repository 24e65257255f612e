// Helpers shared by the issue scenarios issue-2787 … issue-3681: polling assertions in the
// manner of Playwright's `expect(locator).toHave…` (which playwright-core does not ship).

import assert from 'node:assert/strict';
import { WAIT_MS } from '../support.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until `check(value)` holds; fails with the last value after `timeout`. */
export async function poll(what, fn, check, { timeout = WAIT_MS } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (check(last)) return last;
    } catch (error) {
      last = `<${error.message.split('\n')[0]}>`;
    }
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeout} ms`);
    await sleep(50);
  }
}

const same = (want) => (got) => JSON.stringify(got) === JSON.stringify(want);
const textMatches = (want) => (got) => (want instanceof RegExp ? want.test(got) : got === want);
const norm = (s) => s.replace(/\s+/g, ' ').trim();

/** `toHaveValue`. */
export const expectValue = (locator, value, opts) =>
  poll(`value of ${locator}`, () => locator.inputValue(), same(value), opts);

/** `toHaveValues` of a `<select multiple>`. */
export const expectValues = (locator, values, opts) =>
  poll(
    `selected values of ${locator}`,
    () => locator.evaluate((el) => [...el.selectedOptions].map((o) => o.value)),
    same(values),
    opts,
  );

/** `toHaveText` (whitespace collapsed; a string must match it all, a RegExp a part). */
export const expectText = (locator, text, opts) =>
  poll(`text of ${locator}`, async () => norm(await locator.textContent()), textMatches(text), opts);

/** `toHaveText` on every match, in order. */
export const expectTexts = (locator, texts, opts) =>
  poll(
    `texts of ${locator}`,
    async () => (await locator.allTextContents()).map(norm),
    (got) => got.length === texts.length && got.every((t, i) => textMatches(texts[i])(t)),
    opts,
  );

/** `toContainText`. */
export const expectContainsText = (locator, text, opts) =>
  poll(`text of ${locator}`, async () => norm(await locator.textContent()), (got) => got.includes(text), opts);

/** `toHaveCount`. */
export const expectCount = (locator, n, opts) => poll(`count of ${locator}`, () => locator.count(), same(n), opts);

/** `toBeVisible` / `toBeHidden`. */
export const expectVisible = (locator, opts) =>
  poll(`visibility of ${locator}`, () => locator.isVisible(), (v) => v === true, opts);
export const expectHidden = (locator, opts) =>
  poll(`visibility of ${locator}`, () => locator.isVisible(), (v) => v === false, opts);

/** `toHaveAttribute(name, value)` (`value` null: the attribute is absent). */
export const expectAttribute = (locator, name, value, opts) =>
  poll(
    `attribute ${name} of ${locator}`,
    () => locator.getAttribute(name),
    (got) => (value instanceof RegExp ? got !== null && value.test(got) : got === value),
    opts,
  );

/** `toHaveClass(re)` / `not.toHaveClass(re)`. */
export const expectClass = (locator, re, opts) =>
  poll(`class of ${locator}`, async () => (await locator.getAttribute('class')) ?? '', (c) => re.test(c), opts);
export const expectNoClass = (locator, re, opts) =>
  poll(`class of ${locator}`, async () => (await locator.getAttribute('class')) ?? '', (c) => !re.test(c), opts);

/** `toBeFocused` / `not.toBeFocused`. */
const focused = (locator) => locator.evaluate((el) => el === document.activeElement);
export const expectFocused = (locator, opts) => poll(`focus of ${locator}`, () => focused(locator), (v) => v === true, opts);
export const expectNotFocused = (locator, opts) =>
  poll(`focus of ${locator}`, () => focused(locator), (v) => v === false, opts);

/** `toBeDisabled` / `toBeEnabled`. */
export const expectDisabled = (locator, opts) =>
  poll(`disabled of ${locator}`, () => locator.isDisabled(), (v) => v === true, opts);
export const expectEnabled = (locator, opts) =>
  poll(`disabled of ${locator}`, () => locator.isDisabled(), (v) => v === false, opts);

/** `toBeChecked`. */
export const expectChecked = (locator, checked = true, opts) =>
  poll(`checked of ${locator}`, () => locator.isChecked(), (v) => v === checked, opts);

/**
 * Records the attribute changes of the element `selector` matches (a MutationObserver in the
 * page); returns a function that stops recording and resolves the list of
 * `{attr, oldValue, newValue}` (upstream's `attributeMutations`).
 */
export async function attributeMutations(page, selector) {
  const key = `__mutations_${Math.random().toString(36).slice(2)}`;
  await page.locator(selector).evaluate((target, key) => {
    const list = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          list.push({ attr: r.attributeName, oldValue: r.oldValue, newValue: r.target.getAttribute(r.attributeName) });
        }
      }
    });
    observer.observe(target, { attributes: true, attributeOldValue: true });
    window[key] = { list, observer };
  }, key);
  return () =>
    page.evaluate((key) => {
      const { list, observer } = window[key];
      observer.disconnect();
      delete window[key];
      return list;
    }, key);
}

/** Whether `list` has an entry deep-equal to each of `wanted` (`expect.arrayContaining`). */
export function containsAll(list, wanted) {
  return wanted.every((w) => list.some((e) => JSON.stringify(e) === JSON.stringify(w)));
}
