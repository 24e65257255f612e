// Upstream tests/issues/3194.spec.js, re-expressed (examples/src/conformance/issues/issue_3194.rs).
// Upstream runs on `localhost`, where the client turns its debug log on by itself; we serve
// 127.0.0.1, so the scenario turns it on (the log lines are what it checks).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV, waitForPathMatching } from './helpers.mjs';
import { sleep } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

scenario('does not send event to wrong LV when submitting form with debounce blur', async (lv) => {
  await lv.page.addInitScript(() => sessionStorage.setItem('phx:live-socket:debug', 'true'));
  await lv.goto('/issues/3194');
  await syncLV(lv);

  await lv.page.locator('input').focus();
  await lv.page.keyboard.type('hello');
  await lv.page.keyboard.press('Enter');
  await waitForPathMatching(lv, /^\/issues\/3194\/other$/);

  // time for events of the old view to reach the new one (the bug)
  await sleep(50);

  const logs = lv.consoleMessages.map((m) => m.text);
  // the old view was destroyed by the navigation
  assert.ok(
    logs.some((l) => l.includes('destroyed: the child has been removed from the parent')),
    JSON.stringify(logs),
  );
  // and the new one did not crash
  assert.ok(!logs.some((l) => l.includes('view crashed')), JSON.stringify(logs));
});
