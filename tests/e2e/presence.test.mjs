// Presence on /chat: two browser pages list each other in #online, and a closed page leaves.
import { LivePage, e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

/** Waits until `lv`'s #online lists exactly `names` (in any order). */
function waitOnline(lv, names) {
  const want = [...names].sort();
  return waitInPage(
    lv.page,
    `#online to list ${want.join(', ')}`,
    (w) => {
      const got = [...document.querySelectorAll('#online li')].map((li) => li.textContent.trim()).sort();
      return JSON.stringify(got) === JSON.stringify(w);
    },
    want,
  );
}

scenario('two pages on /chat list each other in #online, and a closed page leaves the list', async (lv, suite) => {
  const other = await LivePage.open(suite.browser, suite.gallery.baseURL, {});
  let otherOpen = true;
  try {
    await lv.goto('/chat');
    await other.goto('/chat');
    const me = await lv.text('#me');
    const them = await other.text('#me');
    await waitOnline(lv, [me, them]);
    await waitOnline(other, [me, them]);

    await other.close();
    otherOpen = false;
    await waitOnline(lv, [me]);
    await lv.sync();
  } finally {
    if (otherOpen) await other.close();
  }
});
