// Upstream tests/issues/3709.spec.js, re-expressed (examples/src/conformance/issues/issue_3709.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const logged = (lv, text) => lv.consoleMessages.filter((m) => m.text.includes(text));

scenario("pendingDiffs don't race with navigation", async (lv) => {
  await lv.goto('/issues/3709/1');
  await syncLV(lv);
  await lv.page.locator('body', { hasText: 'id: 1' }).waitFor();

  await lv.page.getByRole('button', { name: 'Break Stuff' }).click();
  await syncLV(lv);
  assert.deepEqual(logged(lv, "Cannot read properties of undefined (reading 's')"), []);

  await lv.page.getByRole('link', { name: 'Link 5' }).click();
  await syncLV(lv);
  await lv.page.locator('body', { hasText: 'id: 5' }).waitFor();
  assert.deepEqual(logged(lv, "Cannot set properties of undefined (setting 'newRender')"), []);

  // no uncaught exceptions
  assert.deepEqual(lv.pageErrors, []);
});
