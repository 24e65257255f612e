// /xkcd: handle_params loads the comic in the background. A patch is answered with
// "Loading…" at once, the comic follows as a diff push and sets the page title; the SVG
// drawing survives the client's DOM patching.
import assert from 'node:assert/strict';
import { e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

async function showsComic(lv, num, title) {
  await lv.waitForText('#comic-title', `#${num}: ${title}`);
  await waitInPage(lv.page, `the title of comic ${num}`, (t) => document.title.startsWith(t), `#${num}: ${title}`);
  const art = await lv.page.evaluate(() => {
    const svg = document.querySelector('#comic svg');
    return {
      ns: svg?.namespaceURI,
      circles: [...(svg?.querySelectorAll('circle') ?? [])].filter((c) => c instanceof SVGCircleElement).length,
      width: svg?.getBoundingClientRect().width ?? 0,
    };
  });
  assert.equal(art.ns, 'http://www.w3.org/2000/svg', 'the drawing is SVG, not unknown HTML elements');
  assert.ok(art.circles >= 4 && art.width > 0, `the drawing renders: ${JSON.stringify(art)}`);
}

scenario('xkcd: a patch link is answered with "Loading…", the comic follows as a diff push', async (lv) => {
  await lv.goto('/xkcd?num=2');
  await showsComic(lv, 2, 'Fence posts');

  const since = lv.mark();
  await lv.page.locator('#prev').click();
  const sent = await lv.waitForFrame('live_patch', (f) => f.dir === 'sent' && f.event === 'live_patch', { since });
  assert.equal(sent.payload.url, `${lv.baseURL}/xkcd?num=1`);
  const reply = await lv.replyTo(sent);
  assert.match(JSON.stringify(reply.payload.response.diff ?? {}), /Loading comic #/, 'the patch shows loading at once');
  const push = await lv.waitForFrame('the comic as a diff push', (f) => f.dir === 'received' && f.event === 'diff', {
    since: { frames: reply.seq + 1 },
  });
  assert.match(JSON.stringify(push.payload), /Borrowed/);
  assert.equal(push.payload.t, '#1: Borrowed', 'the loaded comic sets the title');
  await lv.waitForPath('/xkcd?num=1');
  await showsComic(lv, 1, 'Borrowed');
  assert.equal(await lv.page.locator('#prev').count(), 0, 'the first comic has no previous');
  assert.equal(lv.documentRequests(), 1);
});

scenario('xkcd: random push_patches to another comic; back returns to the one before', async (lv) => {
  await lv.goto('/xkcd?num=1');
  await showsComic(lv, 1, 'Borrowed');
  const history0 = await lv.historyLength();

  const { since, reply } = await lv.click('#random');
  const patch = await lv.waitForFrame('live_patch push', (f) => f.dir === 'received' && f.event === 'live_patch', {
    since,
  });
  assert.ok(patch.seq < reply.seq, 'the live_patch push precedes the reply');
  const num = Number(new URL(patch.payload.to, lv.baseURL).searchParams.get('num'));
  assert.ok(num >= 2 && num <= 5, `another comic: ${patch.payload.to}`);
  await lv.waitForPath(`/xkcd?num=${num}`);
  const titled = (n) => document.querySelector('#comic-title')?.textContent.startsWith(`#${n}: `);
  await waitInPage(lv.page, `comic #${num}`, titled, num);
  assert.equal(await lv.historyLength(), history0 + 1);

  await lv.page.evaluate(() => history.back());
  await lv.waitForPath('/xkcd?num=1');
  await showsComic(lv, 1, 'Borrowed');
  await lv.sync();
  assert.equal(lv.lvFrames({ dir: 'sent', event: 'phx_join' }).length, 1, 'mounted once');
  assert.equal(lv.documentRequests(), 1);
});
