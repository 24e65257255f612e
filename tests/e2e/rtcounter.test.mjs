// /rtcounter with the official client: one count shared by every viewer through pubsub. A click
// on one page moves the count on the other without anything sent from the other page.
import assert from 'node:assert/strict';
import { LivePage, e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

scenario('a click on one page moves the count on another page through pubsub', async (lv, suite) => {
  const other = await LivePage.open(suite.browser, suite.gallery.baseURL, {});
  try {
    await lv.goto('/rtcounter');
    await other.goto('/rtcounter');
    const start = Number(await lv.text('#count'));
    assert.equal(Number(await other.text('#count')), start, 'both pages start at the same count');
    const quiet = other.mark();
    for (let i = 1; i <= 3; i++) {
      await lv.click('#inc');
      await lv.waitForText('#count', String(start + i));
      await other.waitForText('#count', String(start + i));
    }
    assert.equal(other.lvFrames({ dir: 'sent', event: 'event', since: quiet }).length, 0, 'the other page sent nothing');
    const pushed = other.lvFrames({ dir: 'received', event: 'diff', since: quiet });
    assert.ok(pushed.length >= 3, `the other page got the counts as pushed diffs (${pushed.length})`);
    await other.click('#inc');
    await lv.waitForText('#count', String(start + 4));
    await lv.sync();
    await other.sync();
    await other.assertClean();
  } finally {
    await other.close();
  }
});
