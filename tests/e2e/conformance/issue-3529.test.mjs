// Upstream tests/issues/3529.spec.js, re-expressed (examples/src/conformance/issues/issue_3529.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const heading = (lv) => lv.page.evaluate(() => document.querySelector('h1').innerText);

// https://github.com/phoenixframework/phoenix_live_view/issues/3529 (fixed by PR 3625)
scenario('forward and backward navigation is handled properly (replaceRootHistory)', async (lv) => {
  await lv.goto('/issues/3529');
  await syncLV(lv);
  let text = await heading(lv);

  await lv.page.getByRole('link', { name: 'Navigate' }).click();
  await syncLV(lv);
  // a navigation mounts the view again: a new heading
  assert.notEqual(await heading(lv), text);
  text = await heading(lv);

  await lv.page.getByRole('link', { name: 'Patch' }).click();
  await syncLV(lv);
  // a patch keeps the view
  assert.equal(await heading(lv), text);

  // back over the patch: the same view
  await lv.page.goBack();
  await syncLV(lv);
  assert.equal(await heading(lv), text);

  // back over the navigation: a remount
  await lv.page.goBack();
  await syncLV(lv);
  assert.notEqual(await heading(lv), text);

  // forward over the navigation
  await lv.page.goForward();
  await syncLV(lv);
  text = await heading(lv);

  // and back over it again: a remount
  await lv.page.goBack();
  await syncLV(lv);
  assert.notEqual(await heading(lv), text);
});
