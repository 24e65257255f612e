// Upstream tests/issues/3686.spec.js, re-expressed (examples/src/conformance/issues/issue_3686.rs).

import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

// C → A crosses live_sessions: the join is refused `unauthorized` and the client falls back to
// a page load, as upstream (that refusal and the client's diagnostic are expected).
scenario(
  'flash is copied across fallback redirect',
  { errorReplies: true, diagnostics: ['view.unauthorized-live-redirect'] },
  async (lv) => {
    await lv.goto('/issues/3686/a');
    await syncLV(lv);
    await lv.waitForText('#flash', '%{}');

    await lv.page.getByRole('button', { name: 'To B' }).click();
    await syncLV(lv);
    await lv.page.locator('#flash', { hasText: 'Flash from A' }).waitFor();

    await lv.page.getByRole('button', { name: 'To C' }).click();
    await syncLV(lv);
    await lv.page.locator('#flash', { hasText: 'Flash from B' }).waitFor();

    await lv.page.getByRole('button', { name: 'To A' }).click();
    await syncLV(lv);
    await lv.page.locator('#flash', { hasText: 'Flash from C' }).waitFor();
  },
);
