// Upstream tests/issues/4359.spec.js, re-expressed (examples/src/conformance/issues/issue_4359.rs).

import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('parent navigation succeeds while a child LiveView is mounting', async (lv) => {
  await lv.page.goto('/issues/4359');

  await lv.waitForPath('/issues/4359?done=1');
  await syncLV(lv);
  await lv.page.locator('#child', { hasText: 'child' }).waitFor();
  await waitInPage(lv.page, '#child to be phx-connected', () =>
    document.querySelector('#child')?.classList.contains('phx-connected'),
  );
});
