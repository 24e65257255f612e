// Upstream tests/issues/3026.spec.js, re-expressed (examples/src/conformance/issues/issue_3026.rs).
// Page errors fail every scenario in our harness, which covers upstream's `errors` check.

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectHidden, expectValue, expectVisible } from './issues-2787-3681-helpers.mjs';

const { scenario } = conformanceSuite();

// (sic: upstream's name)
scenario('LiveComponent is re-rendered when racing destory', async (lv) => {
  await lv.goto('/issues/3026');
  await syncLV(lv);
  const name = lv.page.locator("input[name='name']");
  const status = lv.page.locator("select[name='status']");
  await expectValue(name, 'John');

  // the submit removes the component, which comes back shortly after
  await lv.page.locator('button').click();
  await syncLV(lv);
  await expectVisible(name);
  await expectValue(name, 'John');

  // toggle the status quickly
  for (let i = 0; i < 5; i++) {
    await status.selectOption('connecting');
    await syncLV(lv);
    await expectHidden(name);
    await status.selectOption('loaded');
    await syncLV(lv);
    await expectVisible(name);
  }
  if (lv.pageErrors.length > 0) throw lv.pageErrors[0];
});
