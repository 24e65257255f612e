// Upstream tests/issues/4350.spec.js, re-expressed (examples/src/conformance/issues/issue_4350.rs).
//
// A component used again between cids_will_destroy and cids_destroyed must revive its whole
// subtree, including a child that change tracking does not re-render. The window between the
// two messages is one round trip, so the test holds cids_destroyed in flight (a routed
// websocket) and brings the component back meanwhile.

import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

scenario('reviving a component also revives children skipped by change tracking', async (lv) => {
  let onDestroyedSent, releaseDestroyed, onDestroyedHandled;
  const destroyedSent = new Promise((resolve) => (onDestroyedSent = resolve));
  const destroyedReleased = new Promise((resolve) => (releaseDestroyed = resolve));
  const destroyedHandled = new Promise((resolve) => (onDestroyedHandled = resolve));

  await lv.page.routeWebSocket(/\/live\//, (ws) => {
    const server = ws.connectToServer();
    let destroyedRef = null; // frames are [join_ref, ref, topic, event, payload]
    ws.onMessage(async (message) => {
      if (typeof message === 'string' && message.includes('cids_destroyed')) {
        destroyedRef = JSON.parse(message)[1];
        onDestroyedSent();
        await destroyedReleased;
      }
      server.send(message);
    });
    server.onMessage((message) => {
      if (destroyedRef !== null && typeof message === 'string' && JSON.parse(message)[1] === destroyedRef) {
        onDestroyedHandled();
      }
      ws.send(message);
    });
  });

  await lv.goto('/issues/4350');
  await syncLV(lv);

  await lv.page.locator('#bump').click();
  await lv.waitForText('#leaf-count', '1');

  // re-render the branch, so the dynamic holding the leaf is change-tracked away
  await lv.page.locator('#tick').click();
  await syncLV(lv);
  await lv.page.locator('#branch', { hasText: 'tick: 1' }).waitFor();

  const leafCid = await lv.page.locator('#leaf').getAttribute('data-phx-component');

  // remove the subtree: the client reports both cids as destroyed
  await lv.page.locator('#hide').click();
  await lv.page.locator('#wrapper').waitFor({ state: 'detached' });

  // cids_destroyed is held: bring the component back before it lands
  await destroyedSent;
  await lv.page.locator('#show').click();
  await lv.page.locator('#wrapper').waitFor({ state: 'attached' });
  await syncLV(lv);

  // only now let the destroy through, and wait for the server's answer
  releaseDestroyed();
  await destroyedHandled;

  // the leaf is the same component and still wired to the server
  await lv.page.waitForFunction((cid) => document.querySelector('#leaf')?.getAttribute('data-phx-component') === cid, leafCid);

  await lv.page.locator('#bump').click();
  await lv.waitForText('#leaf-count', '2');
});
