// Helpers of the forms group's scenarios (forms, form-unsaved, select, keyed-comprehension):
// polling assertions in the manner of Playwright's `expect(locator)` (which retries until the
// condition holds or the wait ends), and upstream's `attributeMutations` recorder.

import assert from 'node:assert/strict';
import { WAIT_MS } from '../support.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read()` until `check(value)` holds; fails with `what` and the last value otherwise. */
export async function poll(what, read, check, { timeout = WAIT_MS } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch (error) {
      last = `<${error.message ?? error}>`;
    }
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeout} ms`);
    await sleep(25); // Playwright's expect retries at about this pace
  }
}

/** The attribute `name` of the first element `selector` matches (null when absent); throws when nothing matches. */
function attr(page, selector, name) {
  return page.locator(selector).first().evaluate((el, name) => el.getAttribute(name), name);
}

/** `class` normalised as Playwright compares it with a string: whitespace collapsed and trimmed. */
function classOf(page, selector) {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => (el.getAttribute('class') ?? '').replace(/\s+/g, ' ').trim());
}

/** `toHaveAttribute(name)` (no value) / `toHaveAttribute(name, value)` (string or RegExp). */
export function expectAttr(page, selector, name, value) {
  const check = (v) =>
    v !== null && (value === undefined || (value instanceof RegExp ? value.test(v) : v === String(value)));
  return poll(`${selector} [${name}${value === undefined ? '' : `=${value}`}]`, () => attr(page, selector, name), check);
}

/** `not.toHaveAttribute(name)`. */
export function expectNoAttr(page, selector, name) {
  return poll(`${selector} without [${name}]`, () => attr(page, selector, name), (v) => v === null);
}

/** `toHaveClass("a b")`: the whole class attribute equals `classes` (whitespace-normalised). */
export function expectClass(page, selector, classes) {
  return poll(`${selector} class`, () => classOf(page, selector), (v) => v === classes);
}

/** `not.toHaveClass("a b")`. */
export function expectNotClass(page, selector, classes) {
  return poll(`${selector} class not ${classes}`, () => classOf(page, selector), (v) => v !== classes);
}

/** `toHaveCount(n)`. */
export function expectCount(page, selector, n) {
  return poll(`count of ${selector}`, () => page.locator(selector).count(), (v) => v === n);
}

/** `toHaveValue(value)`. */
export function expectValue(page, selector, value) {
  return poll(`value of ${selector}`, () => page.locator(selector).first().inputValue(), (v) => v === value);
}

/** `toHaveText(text)` of one element (whitespace-normalised, as Playwright does). */
export function expectText(page, selector, text) {
  return poll(
    `text of ${selector}`,
    () => page.locator(selector).first().evaluate((el) => el.textContent.replace(/\s+/g, ' ').trim()),
    (v) => (text instanceof RegExp ? text.test(v) : v === text),
  );
}

/** `toHaveText([..])` of all matches, in order. */
export function expectTexts(page, selector, texts) {
  return poll(
    `texts of ${selector}`,
    () =>
      page
        .locator(selector)
        .evaluateAll((els) => els.map((el) => el.textContent.replace(/\s+/g, ' ').trim())),
    (v) => JSON.stringify(v) === JSON.stringify(texts),
  );
}

/** `toBeFocused()`. */
export function expectFocused(page, selector) {
  return poll(
    `${selector} focused`,
    () => page.locator(selector).first().evaluate((el) => document.activeElement === el),
    (v) => v === true,
  );
}

/** `toBeVisible()` (`visible: false`: `toBeHidden()`, which an absent element also satisfies). */
export function expectVisible(locator, visible = true, what = String(locator)) {
  return poll(`${what} ${visible ? 'visible' : 'hidden'}`, () => locator.first().isVisible(), (v) => v === visible);
}

/**
 * Upstream's `attributeMutations(page, selector)`: starts recording the attribute mutations of
 * the element (`{attr, oldValue, newValue}`, newValue read when the record is handled) and
 * returns an async function that stops recording and resolves the list.
 */
export async function attributeMutations(page, selector) {
  const key = `__mutations_${Math.random().toString(36).slice(2)}`;
  await page.locator(selector).first().evaluate((target, key) => {
    const list = [];
    const observer = new MutationObserver((records) => {
      for (const m of records) {
        if (m.type === 'attributes') {
          list.push({ attr: m.attributeName, oldValue: m.oldValue, newValue: m.target.getAttribute(m.attributeName) });
        }
      }
    });
    observer.observe(target, { attributes: true, attributeOldValue: true });
    window[key] = () => {
      list.push(...observer.takeRecords().filter((m) => m.type === 'attributes').map((m) => ({
        attr: m.attributeName,
        oldValue: m.oldValue,
        newValue: m.target.getAttribute(m.attributeName),
      })));
      observer.disconnect();
      delete window[key];
      return list;
    };
  }, key);
  return () => page.evaluate((key) => window[key](), key);
}

/** `expect(list).toEqual(expect.arrayContaining(wanted))` for plain objects: each wanted item is deep-equal to some item. */
export function assertContainsAll(list, wanted, what = 'list') {
  for (const w of wanted) {
    const found = list.some((item) => {
      try {
        assert.deepStrictEqual(item, w);
        return true;
      } catch {
        return false;
      }
    });
    assert.ok(found, `${what}: no ${JSON.stringify(w)} in ${JSON.stringify(list)}`);
  }
}
