// Upstream tests/issues/4334.spec.js, re-expressed (examples/src/conformance/issues/issue_4334.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const hookLogs = (lv) => lv.consoleMessages.map((m) => m.text).filter((text) => text.includes('MyHook'));

scenario('hook is remounted when changing LC root id and content is properly patched', async (lv) => {
  await lv.goto('/issues/4334');
  await syncLV(lv);

  assert.deepEqual(hookLogs(lv), ['MyHook mounted']);

  await lv.page.getByRole('button', { name: 'Change component root id' }).click();
  await syncLV(lv);

  // Hook remounts
  assert.deepEqual(hookLogs(lv), ['MyHook mounted', 'MyHook mounted']);

  await lv.page.getByText('NEW CHILD SHOULD REMAIN VISIBLE').waitFor({ state: 'visible' });
});
