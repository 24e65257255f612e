// The gallery as a whole: every page the index lists opens without an error in the browser, in
// the gallery's layout, and is screenshotted (target/e2e-screenshots/gallery-<path>.png) for
// people to look at; each listed source file is served, and nothing else under /source/.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

/** The index's examples: [{path, source}] in the order it lists them. */
async function listed(lv) {
  await lv.goto('/');
  return lv.page.$$eval('#examples li', (items) =>
    items.map((li) => ({
      path: li.querySelector('a:first-child').getAttribute('href'),
      source: li.querySelector('a.source').getAttribute('href'),
    })),
  );
}

scenario('every page of the index opens in the layout without an error, and is screenshotted', async (lv) => {
  const examples = await listed(lv);
  assert.ok(examples.length >= 10, `the index lists the examples (${examples.length})`);
  await lv.screenshot('gallery-index');

  for (const { path } of examples) {
    const errorsBefore = lv.pageErrors.length;
    const response = await lv.page.goto(path, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, `GET ${path}`);
    // A page behind a login (/secret) ends on the login form: no LiveView there to wait for.
    if ((await lv.page.locator('[data-phx-main]').count()) > 0) await lv.sync();
    assert.equal(await lv.page.locator('#site-header a#site-home[href="/"]').count(), 1, `${path} has the header`);
    assert.equal(await lv.page.locator('#site-footer').count(), 1, `${path} has the footer`);
    const css = await lv.page.evaluate(() => getComputedStyle(document.body).maxWidth);
    assert.notEqual(css, 'none', `${path} has the gallery stylesheet`);
    await lv.screenshot(`gallery-${path}`);
    assert.deepEqual(lv.pageErrors.slice(errorsBefore).map(String), [], `no page error on ${path}`);
    assert.deepEqual(lv.problems(), [], `nothing went wrong up to ${path}`);
  }
});

scenario('each listed source is served as a page, and no other file is', async (lv) => {
  const examples = await listed(lv);
  for (const { path, source } of examples) {
    const file = source.replace('/source/', '');
    const response = await lv.page.request.get(source);
    assert.equal(response.status(), 200, `GET ${source} (the source of ${path})`);
    assert.match(response.headers()['content-type'], /^text\/html/);
    const body = await response.text();
    assert.match(body, /<pre><code>/, `${source} shows the file`);
    assert.ok(body.includes(`href="${path}"`), `${source} links back to ${path}`);
    assert.ok(body.includes(`<code>${file}</code>`), `${source} names ${file}`);
  }
  for (const unlisted of ['/source/auth.rs', '/source/lib.rs', '/source/..%2FCargo.toml', '/source/%2e%2e/Cargo.toml']) {
    const response = await lv.page.request.get(unlisted);
    assert.notEqual(response.status(), 200, `${unlisted} is not served`);
  }

  // One source page as a person sees it.
  await lv.page.goto(examples[0].source, { waitUntil: 'load' });
  assert.equal(await lv.page.locator('#site-header').count(), 1, 'the source page is in the layout');
  await lv.page.locator('pre code').waitFor();
});
