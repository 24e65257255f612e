// Upstream tests/streams.spec.js, re-expressed: live_session `default`
// (examples/src/conformance/streams.rs). Each scenario has the upstream test's name.

import assert from 'node:assert/strict';
import { WAIT_MS } from '../support.mjs';
import { conformanceSuite, evalLV, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const button = (lv, name, exact = false) => lv.page.getByRole('button', { name, exact });

/** Clicks the button named `name` inside the element `#id`. */
const clickIn = (lv, id, name) => lv.page.locator(`#${id}`).getByRole('button', { name }).click();

/** The children of `#parent`: their ids and the trimmed text of their first node. */
const children = (lv, parent) =>
  lv.page
    .locator(`#${parent} > *`)
    .evaluateAll((els) => els.map((el) => ({ id: el.id, text: el.childNodes[0].nodeValue.trim() })));

/** Every `ul > li` of the page: id and rendered text. */
const listItems = (lv) =>
  lv.page.locator('ul > li').evaluateAll((els) => els.map((el) => ({ id: el.id, text: el.innerText })));

const users = (pairs) => pairs.map(([id, text]) => ({ id, text }));
const letters = (ids) => ids.map((id) => ({ id: `items-${id}`, text: id.toUpperCase() }));
const numbers = (ns) => ns.map((n) => ({ id: `items-${n}`, text: String(n) }));

/** `actual` has the ids of `expected` and each text matches (a RegExp) or equals (a string). */
function assertItems(actual, expected) {
  assert.equal(actual.length, expected.length, JSON.stringify(actual));
  expected.forEach((want, i) => {
    const got = actual[i];
    for (const key of ['id', 'text']) {
      if (want[key] instanceof RegExp) assert.match(got[key], want[key], JSON.stringify(actual));
      else assert.equal(got[key], want[key], JSON.stringify(actual));
    }
  });
}

/** Waits until the text of `selector` contains (or, with `present: false`, lacks) `text`. */
async function waitForContains(lv, selector, text, present = true) {
  await lv.waitUntil(`${selector} ${present ? 'to contain' : 'not to contain'} ${JSON.stringify(text)}`, async () => {
    const content = await lv.page.locator(selector).textContent();
    return content.includes(text) === present;
  });
}

const INITIAL_USERS = users([
  ['users-1', 'chris'],
  ['users-2', 'callan'],
]);
const INITIAL_C_USERS = users([
  ['c_users-1', 'chris'],
  ['c_users-2', 'callan'],
]);
const INITIAL_ADMINS = users([
  ['admins-1', 'chris-admin'],
  ['admins-2', 'callan-admin'],
]);

scenario('renders properly', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), INITIAL_USERS);
  assert.deepEqual(await children(lv, 'c_users'), INITIAL_C_USERS);
  assert.deepEqual(await children(lv, 'admins'), INITIAL_ADMINS);
});

scenario('elements can be updated and deleted (LV)', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);

  await clickIn(lv, 'users-1', 'update');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), users([['users-1', 'updated'], ['users-2', 'callan']]));
  assert.deepEqual(await children(lv, 'c_users'), INITIAL_C_USERS);
  assert.deepEqual(await children(lv, 'admins'), INITIAL_ADMINS);

  await clickIn(lv, 'users-2', 'update');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), users([['users-1', 'updated'], ['users-2', 'updated']]));
  assert.deepEqual(await children(lv, 'c_users'), INITIAL_C_USERS);
  assert.deepEqual(await children(lv, 'admins'), INITIAL_ADMINS);

  await clickIn(lv, 'users-1', 'delete');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), users([['users-2', 'updated']]));
});

scenario('elements can be updated and deleted (LC)', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);

  await clickIn(lv, 'c_users-1', 'update');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'c_users'), users([['c_users-1', 'updated'], ['c_users-2', 'callan']]));
  assert.deepEqual(await children(lv, 'users'), INITIAL_USERS);
  assert.deepEqual(await children(lv, 'admins'), INITIAL_ADMINS);

  await clickIn(lv, 'c_users-2', 'update');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'c_users'), users([['c_users-1', 'updated'], ['c_users-2', 'updated']]));
  assert.deepEqual(await children(lv, 'users'), INITIAL_USERS);
  assert.deepEqual(await children(lv, 'admins'), INITIAL_ADMINS);

  await clickIn(lv, 'c_users-1', 'delete');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'c_users'), users([['c_users-2', 'updated']]));
});

scenario('move-to-first moves the second element to the first position (LV)', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'c_users'), INITIAL_C_USERS);

  await clickIn(lv, 'c_users-2', 'make first');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'c_users'), users([['c_users-2', 'updated'], ['c_users-1', 'chris']]));
});

scenario('stream reset removes items', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), INITIAL_USERS);

  await button(lv, 'Reset').click();
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), []);
});

const REORDERED_USERS = users([
  ['users-3', 'peter'],
  ['users-1', 'chris'],
  ['users-4', 'mona'],
]);

scenario('stream reset properly reorders items', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), INITIAL_USERS);

  await button(lv, 'Reorder').click();
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), REORDERED_USERS);
});

/** Waits until `#id` has attribute `name` equal to `value` (upstream's `toHaveAttribute`). */
async function waitForAttribute(lv, id, name, value) {
  await lv.waitUntil(`#${id}[${name}="${value}"]`, async () => (await lv.page.locator(`#${id}`).getAttribute(name)) === value);
}

scenario('stream reset updates attributes', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), INITIAL_USERS);
  await waitForAttribute(lv, 'users-1', 'data-count', '0');
  await waitForAttribute(lv, 'users-2', 'data-count', '0');

  await button(lv, 'Reorder').click();
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), REORDERED_USERS);
  for (const id of ['users-1', 'users-3', 'users-4']) await waitForAttribute(lv, id, 'data-count', '1');
});

// describe("Issue #2656")
scenario('stream reset works when patching', async (lv) => {
  await lv.goto('/healthy/fruits');
  await syncLV(lv);
  await waitForContains(lv, 'h1', 'Fruits');
  await waitForContains(lv, 'ul', 'Apples');
  await waitForContains(lv, 'ul', 'Oranges');

  await lv.page.getByRole('link', { name: 'Switch' }).click();
  await lv.waitForPath('/healthy/veggies');
  await syncLV(lv);
  await waitForContains(lv, 'h1', 'Veggies');
  await waitForContains(lv, 'ul', 'Carrots');
  await waitForContains(lv, 'ul', 'Tomatoes');
  await waitForContains(lv, 'ul', 'Apples', false);
  await waitForContains(lv, 'ul', 'Oranges', false);

  await lv.page.getByRole('link', { name: 'Switch' }).click();
  await lv.waitForPath('/healthy/fruits');
  await syncLV(lv);
  await waitForContains(lv, 'ul', 'Carrots', false);
  await waitForContains(lv, 'ul', 'Tomatoes', false);
  await waitForContains(lv, 'ul', 'Apples');
  await waitForContains(lv, 'ul', 'Oranges');
});

const ABCD = letters(['a', 'b', 'c', 'd']);
const FRESH = { id: /^items-a-.*/, text: /.*/ };

// describe("Issue #2994")
scenario('can filter and reset a stream', async (lv) => {
  await lv.goto('/stream/reset');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Filter').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), letters(['b', 'c', 'd']));

  await button(lv, 'Reset').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);
});

scenario('can reorder stream', async (lv) => {
  await lv.goto('/stream/reset');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Reorder').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), letters(['b', 'a', 'c', 'd']));
});

scenario('can filter and then prepend / append stream', async (lv) => {
  await lv.goto('/stream/reset');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Filter').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), letters(['b', 'c', 'd']));

  await button(lv, 'Prepend', true).click();
  await syncLV(lv);
  assertItems(await listItems(lv), [FRESH, ...letters(['b', 'c', 'd'])]);

  await button(lv, 'Reset').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Append', true).click();
  await syncLV(lv);
  assertItems(await listItems(lv), [...ABCD, FRESH]);
});

// describe("Issue #2982")
scenario('can reorder a stream with LiveComponents as direct stream children', async (lv) => {
  await lv.goto('/stream/reset-lc');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Reorder').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), letters(['e', 'a', 'f', 'g']));
});

// describe("Issue #3023")
scenario('can bulk insert items at a specific index', async (lv) => {
  await lv.goto('/stream/reset');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Bulk insert').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), letters(['a', 'e', 'f', 'g', 'b', 'c', 'd']));
});

// describe("stream limit - issue #2686")
scenario('limit is enforced on mount, but not dead render', async (lv) => {
  const html = await fetch(`${lv.baseURL}/stream/limit`).then((r) => r.text());
  for (let i = 1; i <= 10; i++) assert.ok(html.includes(`id="items-${i}"`), `items-${i} in the dead render`);

  await lv.goto('/stream/limit');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), numbers([6, 7, 8, 9, 10]));
});

/** Waits until `input[name=name]` has `value` (upstream's `toHaveValue`). */
async function waitForValue(lv, name, value) {
  await lv.waitUntil(`input ${name} = ${value}`, async () => (await lv.page.locator(`input[name='${name}']`).inputValue()) === value);
}

/** Fills the form with `at` and `limit` and submits it ("recreate stream"). */
async function recreate(lv, at, limit) {
  await lv.page.locator("input[name='at']").fill(at);
  await lv.page.locator("input[name='limit']").fill(limit);
  await button(lv, 'recreate stream').click();
  await syncLV(lv);
}

async function add(lv, which) {
  await button(lv, which, true).click();
  await syncLV(lv);
}

scenario('removes item at front when appending and limit is negative', async (lv) => {
  await lv.goto('/stream/limit');
  await syncLV(lv);
  // the view's defaults
  await waitForValue(lv, 'at', '-1');
  await waitForValue(lv, 'limit', '-5');

  await add(lv, 'add 1');
  assert.deepEqual(await listItems(lv), numbers([7, 8, 9, 10, 11]));
  await add(lv, 'add 10');
  assert.deepEqual(await listItems(lv), numbers([17, 18, 19, 20, 21]));
});

scenario('removes item at back when prepending and limit is positive', async (lv) => {
  await lv.goto('/stream/limit');
  await syncLV(lv);
  await recreate(lv, '0', '5');
  assert.deepEqual(await listItems(lv), numbers([10, 9, 8, 7, 6]));

  await add(lv, 'add 1');
  assert.deepEqual(await listItems(lv), numbers([11, 10, 9, 8, 7]));
  await add(lv, 'add 10');
  assert.deepEqual(await listItems(lv), numbers([21, 20, 19, 18, 17]));
});

scenario('does nothing if appending and positive limit is reached', async (lv) => {
  await lv.goto('/stream/limit');
  await syncLV(lv);
  await recreate(lv, '-1', '5');
  await add(lv, 'clear');
  assert.deepEqual(await listItems(lv), []);

  const shown = [];
  for (let i = 1; i <= 5; i++) {
    await add(lv, 'add 1');
    shown.push(i);
    assert.deepEqual(await listItems(lv), numbers(shown));
  }
  // the limit is reached: adding does nothing
  await add(lv, 'add 1');
  assert.deepEqual(await listItems(lv), numbers([1, 2, 3, 4, 5]));
  // nor does a bulk insert
  await add(lv, 'add 10');
  assert.deepEqual(await listItems(lv), numbers([1, 2, 3, 4, 5]));
});

scenario('does nothing if prepending and negative limit is reached', async (lv) => {
  await lv.goto('/stream/limit');
  await syncLV(lv);
  await recreate(lv, '0', '-5');
  await add(lv, 'clear');
  assert.deepEqual(await listItems(lv), []);

  const shown = [];
  for (let i = 1; i <= 5; i++) {
    await add(lv, 'add 1');
    shown.unshift(i);
    assert.deepEqual(await listItems(lv), numbers(shown));
  }
  await add(lv, 'add 1');
  assert.deepEqual(await listItems(lv), numbers([5, 4, 3, 2, 1]));
  await add(lv, 'add 10');
  assert.deepEqual(await listItems(lv), numbers([5, 4, 3, 2, 1]));
});

scenario('arbitrary index', async (lv) => {
  await lv.goto('/stream/limit');
  await syncLV(lv);

  await recreate(lv, '1', '5');
  // ten items were inserted at index 1
  assert.deepEqual(await listItems(lv), numbers([1, 10, 9, 8, 7]));
  await add(lv, 'add 10');
  assert.deepEqual(await listItems(lv), numbers([1, 20, 19, 18, 17]));

  await recreate(lv, '1', '-5');
  assert.deepEqual(await listItems(lv), numbers([10, 5, 4, 3, 2]));
  await add(lv, 'add 10');
  assert.deepEqual(await listItems(lv), numbers([20, 5, 4, 3, 2]));
});

scenario('any stream insert for elements already in the DOM does not reorder', async (lv) => {
  await lv.goto('/stream/reset');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  for (const name of ['Prepend C', 'Append C', 'Insert C at 1']) {
    await button(lv, name).click();
    await syncLV(lv);
    assert.deepEqual(await listItems(lv), ABCD, `after ${name}`);
  }

  await button(lv, 'Insert at 1', true).click();
  await syncLV(lv);
  assertItems(await listItems(lv), [ABCD[0], FRESH, ...ABCD.slice(1)]);

  await button(lv, 'Reset').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Delete C and insert at 1').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), letters(['a', 'c', 'b', 'd']));
});

scenario('stream nested in a LiveComponent is properly restored on reset', async (lv) => {
  await lv.goto('/stream/nested-component-reset');
  await syncLV(lv);

  const childItems = (id) =>
    lv.page
      .locator(`#${id} div[phx-update=stream] > *`)
      .evaluateAll((els) => els.map((el) => ({ id: el.id, text: el.innerText })));
  const nested = (id, letters) => letters.map((l) => ({ id: `nested-items-${id}-${l}`, text: `N-${l.toUpperCase()}` }));
  const parentItems = (ids) => ids.map((id) => ({ id: `items-${id}`, text: new RegExp(id.toUpperCase()) }));

  assertItems(await listItems(lv), parentItems(['a', 'b', 'c', 'd']));
  for (const id of ['a', 'b', 'c', 'd']) assert.deepEqual(await childItems(`items-${id}`), nested(id, ['a', 'b', 'c', 'd']));

  // reorder the nested stream of items-a
  await lv.page.locator('#items-a button').click();
  await syncLV(lv);
  assert.deepEqual(await childItems('items-a'), nested('a', ['e', 'a', 'f', 'g']));
  for (const id of ['b', 'c', 'd']) assert.deepEqual(await childItems(`items-${id}`), nested(id, ['a', 'b', 'c', 'd']));

  // reorder the parent stream
  await lv.page.locator('#parent-reorder').click();
  await syncLV(lv);
  assertItems(await listItems(lv), parentItems(['e', 'a', 'f', 'g']));
  // the new children's streams are in order
  for (const id of ['e', 'f', 'g']) assert.deepEqual(await childItems(`items-${id}`), nested(id, ['a', 'b', 'c', 'd']));
  // item A keeps its children, still reordered
  assert.deepEqual(await childItems('items-a'), nested('a', ['e', 'a', 'f', 'g']));
});

scenario('phx-remove is handled correctly when restoring nodes', async (lv) => {
  await lv.goto('/stream/reset?phx-remove');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Filter').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), letters(['b', 'c', 'd']));

  await button(lv, 'Reset').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);
});

scenario('issue #3129 - streams asynchronously assigned and rendered inside a comprehension', async (lv) => {
  await lv.goto('/stream/inside-for');
  await syncLV(lv);
  // the items come from a task of 50 ms after the join; upstream's syncLV happens to wait
  // long enough, so wait for them explicitly before the exact comparison
  await lv.waitUntil('the four items', async () => (await listItems(lv)).length === 4);
  assert.deepEqual(await listItems(lv), ABCD);
});

const hidden = (lv, locator) => locator.waitFor({ state: 'hidden', timeout: WAIT_MS });
const visible = (lv, locator) => locator.waitFor({ state: 'visible', timeout: WAIT_MS });

scenario('issue #3260 - supports non-stream items with id in stream container', async (lv) => {
  await lv.goto('/stream?empty_item');
  assert.deepEqual(await children(lv, 'users'), [...INITIAL_USERS, { id: 'users-empty', text: 'Empty!' }]);

  const empty = lv.page.getByText('Empty');
  await hidden(lv, empty);
  // upstream: evalLV(page, 'socket.view.handle_event("reset-users", %{}, socket)')
  assert.deepEqual(await evalLV(lv.page, 'reset-users'), { result: null });
  await visible(lv, empty);
  assert.deepEqual(await children(lv, 'users'), [{ id: 'users-empty', text: 'Empty!' }]);

  // upstream: evalLV(page, 'socket.view.handle_event("append-users", %{}, socket)')
  assert.deepEqual(await evalLV(lv.page, 'append-users'), { result: null });
  await hidden(lv, empty);
  assert.deepEqual(
    await children(lv, 'users'),
    users([
      ['users-4', 'foo'],
      ['users-3', 'last_user'],
      ['users-empty', 'Empty!'],
    ]),
  );
});

scenario('JS commands are applied when re-joining', async (lv) => {
  await lv.goto('/stream');
  await syncLV(lv);
  assert.deepEqual(await children(lv, 'users'), INITIAL_USERS);

  const first = lv.page.locator('#users-1');
  await visible(lv, first);
  await first.getByRole('button', { name: 'JS Hide' }).click();
  await hidden(lv, first);
  await lv.page.evaluate(() => new Promise((resolve) => window.liveSocket.disconnect(resolve)));
  await lv.page.evaluate(() => window.liveSocket.connect());
  await syncLV(lv);
  // still hidden
  await hidden(lv, first);
  assert.equal(await first.isHidden(), true);
});

scenario('update_only', async (lv) => {
  await lv.goto('/stream/reset');
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Add E (update only)').click();
  await syncLV(lv);
  assert.deepEqual(await listItems(lv), ABCD);

  await button(lv, 'Update C (update only)').click();
  await syncLV(lv);
  assertItems(await listItems(lv), [ABCD[0], ABCD[1], { id: 'items-c', text: /^C .*/ }, ABCD[3]]);
});

// upstream issue #3784: empty text nodes accumulated inside stream containers
scenario('empty text nodes are pruned', async (lv) => {
  await lv.goto('/stream/limit');
  await syncLV(lv);
  const newlines = () => lv.page.evaluate(() => document.getElementById('items').innerHTML.match(/\n/g).length);

  const before = await newlines();
  for (let i = 0; i < 10; i++) await button(lv, 'add 10').click();
  await syncLV(lv);
  assert.equal(await newlines(), before);
});
