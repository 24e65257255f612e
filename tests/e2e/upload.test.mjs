// The /upload page with the official client's uploader: files selected with setInputFiles go
// through the form's phx-change, the preflight (allow_upload), one lvu:* channel per entry with
// binary chunks, and are consumed on submit; the server's errors show for files over its limits.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { e2eSuite, WAIT_MS } from './support.mjs';

const { scenario } = e2eSuite();

const INPUT = '#upload-form input[type=file]';

/** Deterministic pseudo-random bytes. */
function bytes(n, seed) {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** Polls the page until `fn` (async) holds, within `timeout`. */
async function until(what, fn, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await fn()) return;
    assert.ok(Date.now() < deadline, `timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function uploadedRows(lv) {
  return lv.page.$$eval('#uploaded li.uploaded', (els) =>
    els.map((el) => ({ name: el.dataset.name, size: el.dataset.size, sha256: el.dataset.sha256, text: el.textContent })),
  );
}

scenario('two files upload in chunks and the server lists their size and sha256', async (lv) => {
  await lv.goto('/upload');
  const big = bytes(3_000_000, 7);
  const small = Buffer.from('hello from the e2e suite\n');
  const since = lv.mark();
  await lv.page.setInputFiles(INPUT, [
    { name: 'big.bin', mimeType: 'application/octet-stream', buffer: big },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: small },
  ]);
  await until('two entries listed', async () => (await lv.page.locator('li.entry').count()) === 2);
  await lv.page.click('#upload-submit');
  await until('both files consumed', async () => (await lv.page.locator('#uploaded li.uploaded').count()) === 2, Math.max(WAIT_MS, 60_000));
  await lv.sync();
  const rows = await uploadedRows(lv);
  assert.deepEqual(
    rows.sort((a, b) => a.name.localeCompare(b.name)),
    [
      { name: 'big.bin', size: '3000000', sha256: sha256(big), text: 'big.bin' },
      { name: 'notes.txt', size: String(small.length), sha256: sha256(small), text: 'notes.txt' },
    ],
  );
  assert.equal(await lv.page.locator('li.entry').count(), 0, 'consumed entries leave the list');

  // The wire: a preflight, one upload channel per entry joined with its token, binary chunks of
  // at most the configured size, progress reports, and the channels closed on consume.
  const sent = lv.framesSince(since).filter((f) => f.dir === 'sent');
  const preflight = sent.find((f) => f.event === 'allow_upload');
  assert.ok(preflight, 'a preflight was sent');
  const pre = await lv.replyTo(preflight);
  assert.equal(pre.payload.status, 'ok');
  assert.equal(pre.payload.response.config.chunk_size, 65536);
  const tokens = pre.payload.response.entries;
  assert.equal(Object.keys(tokens).length, 2);
  const joins = sent.filter((f) => f.event === 'phx_join' && f.topic.startsWith('lvu:'));
  assert.deepEqual(joins.map((j) => j.payload.token).sort(), Object.values(tokens).sort());
  const chunks = sent.filter((f) => f.binary);
  assert.equal(chunks.length, Math.ceil(big.length / 65536) + 1, 'one binary frame per chunk');
  const received = lv.framesSince(since).filter((f) => f.dir === 'received');
  const closed = received.filter((f) => f.event === 'phx_close' && f.topic.startsWith('lvu:'));
  assert.equal(closed.length, 2, 'both upload channels are closed on consume');
  assert.ok(sent.some((f) => f.event === 'progress' && f.payload.progress === 100));
});

scenario('a file over 5 MB and an .exe show their errors and are not uploaded', async (lv) => {
  await lv.goto('/upload');
  const since = lv.mark();
  await lv.page.setInputFiles(INPUT, [
    { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: bytes(6_000_000, 3) },
    { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ not really') },
  ]);
  await until('errors shown', async () => {
    const text = await lv.text('#upload-errors');
    return text.includes('too large') && text.includes('not accepted');
  });
  const errors = await lv.text('#upload-errors');
  assert.match(errors, /huge\.bin: too large/);
  assert.match(errors, /setup\.exe: not accepted/);
  await lv.page.click('#upload-submit');
  await lv.sync();
  assert.equal(await lv.page.locator('#uploaded li').count(), 0);
  const sent = lv.framesSince(since).filter((f) => f.dir === 'sent');
  assert.equal(sent.filter((f) => f.binary).length, 0, 'no bytes were sent');
  assert.equal(sent.filter((f) => f.event === 'allow_upload').length, 0, 'the client does not even preflight');
});

scenario('four files are too many', async (lv) => {
  await lv.goto('/upload');
  await lv.page.setInputFiles(
    INPUT,
    ['a', 'b', 'c', 'd'].map((n) => ({ name: `${n}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`file ${n}`) })),
  );
  await until('too many shown', async () => (await lv.text('#upload-errors')).includes('too many'));
  assert.equal(await lv.page.locator('li.entry').count(), 4, 'every selected file is listed');
  await lv.page.click('#upload-submit');
  await lv.sync();
  assert.equal(await lv.page.locator('#uploaded li').count(), 0, 'nothing is uploaded');
});

scenario('external upload: the uploader PUTs each file to its presigned URL, the view lists what storage got', async (lv) => {
  await lv.goto('/upload-external');
  const pdf = bytes(300_000, 11);
  const note = Buffer.from('straight to storage\n');
  const since = lv.mark();
  await lv.page.setInputFiles('#external-form input[type=file]', [
    { name: 'doc.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: 'note.txt', mimeType: 'text/plain', buffer: note },
  ]);
  await until('two entries listed', async () => (await lv.page.locator('li.entry').count()) === 2);
  await lv.page.click('#external-submit');
  await until('both files listed', async () => (await lv.page.locator('#uploaded li.uploaded').count()) === 2);
  await lv.sync();
  const rows = (await uploadedRows(lv)).sort((a, b) => a.name.localeCompare(b.name));
  assert.deepEqual(rows, [
    { name: 'doc.pdf', size: String(pdf.length), sha256: sha256(pdf), text: 'doc.pdf' },
    { name: 'note.txt', size: String(note.length), sha256: sha256(note), text: 'note.txt' },
  ]);
  const sent = lv.framesSince(since).filter((f) => f.dir === 'sent');
  const pre = await lv.replyTo(sent.find((f) => f.event === 'allow_upload'));
  for (const meta of Object.values(pre.payload.response.entries)) {
    assert.equal(meta.uploader, 'LocalStore');
    assert.match(meta.url, /^\/storage\/[\w-]+\?size=\d+&expires=\d+&sig=[\w-]+$/);
  }
  assert.equal(sent.filter((f) => f.binary).length, 0, 'no bytes over the socket');
  assert.equal(sent.filter((f) => f.topic?.startsWith('lvu:')).length, 0, 'no upload channel');
  const puts = lv.requestsSince(0).filter((r) => r.method === 'PUT' && r.url.includes('/storage/'));
  assert.equal(puts.length, 2, 'one PUT per file');
});
