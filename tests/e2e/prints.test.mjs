// /prints: a range input with phx-change; every position the user moves it to is sent, and the
// server answers with that print's size, price and preview.
import assert from 'node:assert/strict';
import { e2eSuite } from './support.mjs';

const { scenario } = e2eSuite();

function changes(lv, since) {
  return lv.lvFrames({ dir: 'sent', event: 'event', since }).filter((f) => f.payload.type === 'form');
}

scenario('moving the slider sends each position and shows the price the server answers', async (lv) => {
  await lv.goto('/prints');
  assert.equal(await lv.text('#size'), '5×7');
  assert.equal(await lv.text('#price'), '$12.00');
  const slider = lv.page.locator('#print-size');

  // The keyboard moves a range input one step per key, as a person would.
  const since = lv.mark();
  await slider.focus();
  await lv.page.keyboard.press('ArrowRight');
  await lv.waitForText('#size', '8×10');
  await lv.page.keyboard.press('ArrowRight');
  await lv.waitForText('#price', '$24.00');
  await lv.sync();
  const sent = changes(lv, since);
  assert.deepEqual(
    sent.map((f) => new URLSearchParams(f.payload.value).get('size')),
    ['2', '3'],
    'one phx-change per position',
  );
  assert.equal(sent[0].payload.event, 'choose');
  assert.equal(sent[0].payload.meta?._target, 'size');
  assert.equal(await slider.inputValue(), '3', 'the focused slider keeps its position');

  await slider.fill('4');
  await lv.waitForText('#size', '11×14');
  await lv.waitForText('#price', '$36.00');
  const box = await lv.page.locator('#preview').boundingBox();
  assert.deepEqual([Math.round(box.width), Math.round(box.height)], [224, 176], 'the preview is drawn to scale');
});
