// Upstream tests/issues/4147.spec.js, re-expressed (examples/src/conformance/issues/issue_4147.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('hook outside of liveview does works when reconnecting', async (lv) => {
  await lv.goto('/issues/4147');
  await syncLV(lv);

  await lv.page.evaluate(() => new Promise((resolve) => window.liveSocket.disconnect(resolve)));
  await waitInPage(lv.page, 'one .phx-loading element', () => document.querySelectorAll('.phx-loading').length === 1);

  await lv.page.evaluate(() => window.liveSocket.connect());
  await syncLV(lv);

  assert.equal(lv.pageErrors.length, 0, lv.pageErrors.join('\n'));
  // Hook was mounted once
  const mounted = lv.consoleMessages.filter((m) => m.text.includes('HookOutside mounted'));
  assert.equal(mounted.length, 1, JSON.stringify(mounted));
});
