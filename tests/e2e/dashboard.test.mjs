// /dashboard: the server pushes new stats every second on its own timer (send_after); the page
// sends nothing for them. "Refresh" draws new numbers on demand.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

scenario('the stats change on the server timer, pushed as diffs the client did not ask for', async (lv) => {
  await lv.goto('/dashboard');
  const since = lv.mark();
  assert.equal(await lv.text('#ticks'), '0');

  await lv.waitForText('#ticks', '1');
  await lv.waitForText('#ticks', '2');
  const pushed = lv.lvFrames({ dir: 'received', event: 'diff', since });
  assert.ok(pushed.length >= 2, `a diff per tick (${pushed.length})`);
  assert.deepEqual(lv.lvFrames({ dir: 'sent', event: 'event', since }), [], 'the client sent no event for them');

  const orders = Number(await lv.text('#orders'));
  assert.ok(orders >= 5 && orders <= 20, `orders ${orders}`);
  assert.match(await lv.text('#sales'), /^\$\d{3,4}\.\d\d$/);
  assert.match(await lv.text('#rating'), /^[★☆]{5}$/);

  const { reply } = await lv.click('#refresh');
  assert.equal(reply.payload.status, 'ok');
  await lv.sync();
});
