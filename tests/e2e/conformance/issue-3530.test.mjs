// Upstream tests/issues/3530.spec.js, re-expressed (examples/src/conformance/issues/issue_3530.rs).
// The "<id> destroyed" lines are the client's debug log, which it turns on by itself on
// `localhost` (upstream's host); we serve 127.0.0.1, so the scenario turns it on.
// Page errors fail every scenario in our harness, which covers upstream's `errors` checks.

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { poll } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3530
scenario('hook is initialized properly when using a stream of nested LiveViews', async (lv) => {
  await lv.page.addInitScript(() => sessionStorage.setItem('phx:live-socket:debug', 'true'));
  let seen = 0;
  /** Lines logged since the last call containing each of `parts`, counted. */
  const counts = () => {
    const logs = lv.consoleMessages.slice(seen).map((m) => m.text);
    return (part) => logs.filter((l) => l.includes(part)).length;
  };
  const reset = () => (seen = lv.consoleMessages.length);
  // A new child's hook mounts once the child has joined, which syncLV (the main view) does
  // not wait for: poll the counts for a while instead of reading them once.
  const expectCounts = async (wanted) => {
    const current = () => {
      const count = counts();
      return Object.fromEntries(Object.keys(wanted).map((k) => [k, count(k)]));
    };
    await poll('console lines', async () => current(), (got) => JSON.stringify(got) === JSON.stringify(wanted)).catch(
      () => {},
    );
    assert.deepEqual(current(), wanted);
  };

  await lv.goto('/issues/3530');
  await syncLV(lv);
  await expectCounts({ 'item-1 mounted': 1, 'item-2 mounted': 1, 'item-3 mounted': 1 });
  reset();

  await lv.page.getByRole('link', { name: 'patch a' }).click();
  await syncLV(lv);
  await expectCounts({ 'item-2 destroyed': 1, 'item-1 destroyed': 0, 'item-3 destroyed': 0 });
  reset();

  await lv.page.getByRole('link', { name: 'patch b' }).click();
  await syncLV(lv);
  await expectCounts({ 'item-1 destroyed': 1, 'item-2 destroyed': 0, 'item-3 destroyed': 0, 'item-2 mounted': 1 });
  reset();

  await lv.page.locator('div[phx-click=inc]').click();
  await syncLV(lv);
  await expectCounts({ 'item-4 mounted': 1 });

  const logs = lv.consoleMessages.map((m) => m.text);
  assert.ok(!logs.some((l) => l.includes('no hook found for custom element')));
  if (lv.pageErrors.length > 0) throw lv.pageErrors[0];
});
