// Upstream tests/issues/3814.spec.js, re-expressed (examples/src/conformance/issues/issue_3814.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

// The JSON page the form posts to has no favicon (the browser's request for it is a 404).
scenario('submitter is sent when using phx-trigger-action', { consoleErrors: [/favicon\.ico/, /404 \(Not Found\)/] }, async (lv) => {
  await lv.goto('/issues/3814');
  await syncLV(lv);

  await lv.page.locator('button').click();
  await lv.page.locator('body', { hasText: '"i-am-the-submitter":"submitter-value"' }).waitFor();
});
