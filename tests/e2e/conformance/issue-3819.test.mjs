// Upstream tests/issues/3819.spec.js, re-expressed (examples/src/conformance/issues/issue_3819.rs).

import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const loadingCount = (lv, n) =>
  waitInPage(lv.page, `${n} .phx-loading element(s)`, (n) => document.querySelectorAll('.phx-loading').length === n, n);

scenario('form recovery aborts early when form is empty', async (lv) => {
  await lv.goto('/issues/3819');
  await syncLV(lv);

  await lv.page.evaluate(() => new Promise((resolve) => window.liveSocket.disconnect(resolve)));
  await loadingCount(lv, 1);
  await lv.page.evaluate(() => {
    window.addEventListener('phx:page-loading-stop', () => {
      window.liveSocket.js().push(window.liveSocket.main.el, 'reconnected');
    });
    window.liveSocket.connect();
  });

  await loadingCount(lv, 0);
  await lv.page.locator('#reconnected').waitFor({ state: 'visible' });
});
