// Upstream tests/issues/4107.spec.js, re-expressed (examples/src/conformance/issues/issue_4107.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

// `/api/test` is not routed (as upstream): the posted page is a 404, which the browser logs.
scenario('external form submission from teleported form is successful', { consoleErrors: [/404/, /405/] }, async (lv) => {
  await lv.goto('/issues/4107');
  await syncLV(lv);

  await lv.page.locator('button').click();

  // With the bug, the form would not be submitted, because the form element was not part of
  // the DOM any more.
  await lv.waitForPath('/api/test');
});
