// Upstream tests/issues/3681.spec.js, re-expressed (examples/src/conformance/issues/issue_3681.rs).

import assert from 'node:assert/strict';
import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectCount } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// https://github.com/phoenixframework/phoenix_live_view/issues/3681
scenario(
  'streams in nested LiveViews are not reset when they share the same stream ref',
  async (lv) => {
  // a separate bug: the child shared the parent's streams, so the dead render had messages-4 twice
  const response = await lv.page.request.get('/issues/3681/away');
  assert.equal((await response.text()).match(/messages-4/g)?.length, 1);

  await lv.goto('/issues/3681');
  await syncLV(lv);
  const sticky = lv.page.locator('#msgs-sticky > div');
  await expectCount(sticky, 3);

  await lv.page.getByRole('link', { name: 'Go to a different LV with a (funcky) stream' }).click();
  await syncLV(lv);
  await expectCount(sticky, 3);

  await lv.page.getByRole('link', { name: 'Go back to (the now borked) LV without a stream' }).click();
  await syncLV(lv);
  await expectCount(sticky, 3);
  },
);
