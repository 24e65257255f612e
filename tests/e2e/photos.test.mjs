// /photos with the official client: a chosen image is previewed from the local file (the
// Phoenix.LiveImgPreview hook) before a byte is sent; on submit it is uploaded, consumed into an
// album of data: URLs and shown on a second page through pubsub. Files dropped on the drop
// zone (phx-drop-target) are selected the same way.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
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

/** CRC-32 (IEEE), as PNG chunks carry it. */
function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A `size`×`size` RGBA PNG of noise, stored without compression (so its size is known). */
function noisePng(size, seed) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (4 * size + 1));
  let x = seed >>> 0;
  for (let i = 0; i < raw.length; i++) {
    if (i % (4 * size + 1) === 0) continue; // filter byte: none
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    raw[i] = x >>> 24;
  }
  const idat = zlib.deflateSync(raw, { level: 0 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

scenario('three photos close to the size cap, in several chunks each, reach a second page', async (lv, suite) => {
  const other = await LivePage.open(suite.browser, suite.gallery.baseURL, {});
  try {
    await lv.goto('/photos');
    await other.goto('/photos');
    const photos = [1, 2, 3].map((seed) => noisePng(250, seed));
    for (const p of photos) assert.ok(p.length > 200_000 && p.length <= 256 * 1024, `${p.length} bytes`);
    await lv.page.fill('#album-name', 'Noise');
    const since = lv.mark();
    await lv.page.setInputFiles(
      INPUT,
      photos.map((buffer, i) => ({ name: `noise-${i + 1}.png`, mimeType: 'image/png', buffer })),
    );
    await waitInPage(lv.page, 'three decoded previews', () => {
      const imgs = [...document.querySelectorAll('#entries img.preview')];
      return imgs.length === 3 && imgs.every((img) => img.complete && img.naturalWidth === 250);
    });
    await lv.page.click('#photo-submit');
    await waitInPage(other.page, 'the album of three 250×250 images', () => {
      const album = document.querySelector('#albums > li:first-child');
      const imgs = album && album.querySelector('h3')?.textContent === 'Noise' ? [...album.querySelectorAll('img')] : [];
      return imgs.length === 3 && imgs.every((img) => img.complete && img.naturalWidth === 250);
    });
    const srcs = await other.page.$$eval('#albums > li:first-child img', (els) => els.map((el) => el.getAttribute('src')));
    assert.deepEqual(srcs, photos.map((p) => `data:image/png;base64,${p.toString('base64')}`), 'byte for byte');
    const sent = lv.framesSince(since).filter((f) => f.dir === 'sent');
    const preflight = await lv.replyTo(sent.find((f) => f.event === 'allow_upload'));
    const chunkSize = preflight.payload.response.config.chunk_size;
    const chunks = sent.filter((f) => f.binary).length;
    assert.equal(chunks, 3 * Math.ceil(photos[0].length / chunkSize), `each file in chunks of ${chunkSize} bytes`);
    assert.ok(chunks >= 12, 'several chunks per file');
    await lv.sync();
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
