// Upstream tests/select.spec.js, re-expressed: `/select` (examples/src/conformance/select.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';
import { expectClass, expectNotClass, expectValue } from './forms-helpers.mjs';

const { scenario } = conformanceSuite();

// upstream issue #2659: the error class follows the server's validation of the used field
scenario('select shows error when invalid option is selected', async (lv) => {
  const { page } = lv;
  await lv.goto('/select');
  await syncLV(lv);

  const select3 = '#select_form_select3';
  await expectValue(page, select3, '2');
  await expectNotClass(page, select3, 'has-error');

  // 5 or less is invalid
  await page.locator(select3).selectOption('3');
  await syncLV(lv);
  await expectClass(page, select3, 'has-error');

  // 6 or more is valid
  await page.locator(select3).selectOption('6');
  await syncLV(lv);
  await expectNotClass(page, select3, 'has-error');
});
