// /photos with the official client: a chosen image is previewed from the local file (the
// Phoenix.LiveImgPreview hook) before a byte is sent; on submit it is uploaded, consumed into an
// album of data: URLs and shown on a second page through pubsub. Files dropped on the drop
// zone (phx-drop-target) are selected the same way.
import assert from 'node:assert/strict';
import { LivePage, e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

const INPUT = '#photo-form input[type=file]';

/** A 2×2 red PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4nGP4z8DwH4QZYAwAR8oH+WdZbrcAAAAASUVORK5CYII=';
const PNG = Buffer.from(PNG_BASE64, 'base64');

/** Waits until every preview image shows a decoded local file (a `blob:` URL the hook set). */
function previewsShown(page, count) {
  return waitInPage(
    page,
    `${count} decoded preview(s)`,
    (n) => {
      const imgs = [...document.querySelectorAll('#entries img.preview')];
      return imgs.length === n && imgs.every((img) => img.src.startsWith('blob:') && img.complete && img.naturalWidth === 2);
    },
    count,
  );
}

/** Waits until the newest album on `page` is `name` with `count` decoded images. */
function albumShown(page, name, count) {
  return waitInPage(
    page,
    `album ${name} with ${count} image(s)`,
    ({ name, count }) => {
      const album = document.querySelector('#albums > li:first-child');
      if (!album || album.querySelector('h3')?.textContent !== name) return false;
      const imgs = [...album.querySelectorAll('img')];
      return imgs.length === count && imgs.every((img) => img.src.startsWith('data:image/png;base64,') && img.complete && img.naturalWidth === 2);
    },
    { name, count },
  );
}

scenario('a photo is previewed before upload, then consumed into an album a second page sees', async (lv, suite) => {
  const other = await LivePage.open(suite.browser, suite.gallery.baseURL, {});
  try {
    await lv.goto('/photos');
    await other.goto('/photos');
    await lv.page.fill('#album-name', 'Red dots');
    const since = lv.mark();
    await lv.page.setInputFiles(INPUT, [
      { name: 'one.png', mimeType: 'image/png', buffer: PNG },
      { name: 'two.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await previewsShown(lv.page, 2);
    await lv.sync();
    const sent = lv.framesSince(since).filter((f) => f.dir === 'sent');
    assert.equal(sent.filter((f) => f.binary).length, 0, 'previewed before any byte is uploaded');
    assert.equal(sent.filter((f) => f.event === 'allow_upload').length, 0, 'not even preflighted');
    assert.deepEqual(
      await lv.page.$$eval('#entries figcaption', (els) => els.map((el) => el.textContent)),
      ['one.png', 'two.png'],
    );

    await lv.page.click('#photo-submit');
    await albumShown(other.page, 'Red dots', 2);
    await albumShown(lv.page, 'Red dots', 2);
    await lv.sync();
    const album = lv.framesSince(since).filter((f) => f.dir === 'sent');
    assert.equal(album.filter((f) => f.binary).length, 2, 'one chunk per small file, sent on submit');
    assert.equal(await lv.page.locator('#entries li').count(), 0, 'consumed entries leave the form');
    assert.equal(await lv.page.inputValue('#album-name'), '', 'the form is cleared');
    assert.equal(PNG.toString('base64'), PNG_BASE64);
    assert.equal(
      await other.page.getAttribute('#albums > li:first-child figure img', 'src'),
      `data:image/png;base64,${PNG_BASE64}`,
      'the bytes the server received, as a data: URL',
    );
    await other.sync();
    await other.assertClean();
  } finally {
    await other.close();
  }
});

scenario('files dropped on the drop zone are selected, previewed and uploaded', async (lv) => {
  await lv.goto('/photos');
  await lv.page.fill('#album-name', 'Dropped');
  await lv.page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    window.__drop = dt;
    document.querySelector('#drop-zone legend').dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
  }, PNG_BASE64);
  await waitInPage(lv.page, 'the drop zone to show a drag over it', () =>
    document.getElementById('drop-zone').classList.contains('phx-drop-target-active'),
  );
  await lv.page.evaluate(() => {
    const drop = new DragEvent('drop', { dataTransfer: window.__drop, bubbles: true, cancelable: true });
    document.querySelector('#drop-zone label').dispatchEvent(drop);
  });
  await waitInPage(lv.page, 'the drag state to end', () =>
    !document.getElementById('drop-zone').classList.contains('phx-drop-target-active'),
  );
  await previewsShown(lv.page, 1);
  await lv.waitForText('#entries figcaption', 'dropped.png');
  await lv.page.click('#photo-submit');
  await albumShown(lv.page, 'Dropped', 1);
  await lv.sync();
});
