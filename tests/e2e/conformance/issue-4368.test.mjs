// Upstream tests/issues/4368.spec.js, re-expressed (examples/src/conformance/issues/issue_4368.rs).

import assert from 'node:assert/strict';
import { waitInPage } from '../support.mjs';
import { conformanceSuite, syncLV } from './helpers.mjs';

const { scenario } = conformanceSuite();

const file = (name, content) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(content) });
const attrIs = (lv, sel, name, value) =>
  waitInPage(
    lv.page,
    `${sel}[${name}=${JSON.stringify(value)}]`,
    ({ sel, name, value }) => document.querySelector(sel)?.getAttribute(name) === value,
    { sel, name, value },
  );

// The writer's refusal reaches the client as the chunk's `writer_error` reply, as upstream.
const allow = { errorReplies: true };

scenario('a custom writer failure remains visible until it is cancelled', allow, async (lv) => {
  await lv.goto('/issues/4368');
  await syncLV(lv);

  const input = lv.page.locator("#upload-form input[type='file']");
  await input.setInputFiles([file('good.pdf', '0000000000'), file('bad.pdf', '00000error')]);

  const failedEntry = lv.page.locator('.upload-entry[data-name="bad.pdf"]');
  await lv.waitForText('.upload-entry[data-name="bad.pdf"] .upload-error', '{:writer_failure, :invalid_pdf}');
  await lv.waitForText('#consumed', 'consumed: good.pdf');
  await lv.waitForText('#submitted', 'submitted: false');
  await waitInPage(lv.page, 'the main view to be connected', () =>
    document.querySelector('[data-phx-main]')?.classList.contains('phx-connected'),
  );

  const failedRef = await input.getAttribute('data-phx-active-refs');
  assert.notEqual(failedRef, '');
  await attrIs(lv, "#upload-form input[type='file']", 'data-phx-preflighted-refs', failedRef);
  await attrIs(lv, "#upload-form input[type='file']", 'data-phx-done-refs', '');

  await failedEntry.getByRole('button', { name: 'Cancel' }).click();
  await failedEntry.waitFor({ state: 'detached' });
  await syncLV(lv);

  await lv.page.getByRole('button', { name: 'Submit' }).click();
  await syncLV(lv);
  await lv.waitForText('#submitted', 'submitted: true');
});

scenario('a custom writer failure cancels a submit scheduled during upload', allow, async (lv) => {
  await lv.goto('/issues/4368');
  await syncLV(lv);

  const form = lv.page.locator('#upload-form');
  const input = form.locator("input[type='file']");
  const submit = form.getByRole('button', { name: 'Submit' });

  await input.setInputFiles(file('bad.pdf', 'delayerror'));
  // A submit clicked while the preflight is still unanswered is sent at once (the client
  // schedules it only behind an upload in progress); upstream's click relies on the
  // preflight's round trip being quicker. Wait for it, so the click lands during the upload
  // (its first chunk takes 500 ms).
  await waitInPage(lv.page, 'the entry to be preflighted', () =>
    (document.querySelector("#upload-form input[type='file']")?.getAttribute('data-phx-preflighted-refs') ?? '') !== '',
  );
  await submit.click();
  await waitInPage(lv.page, 'the submit button to be disabled', () => document.querySelector('#upload-form button').disabled);

  const failedEntry = lv.page.locator('.upload-entry[data-name="bad.pdf"]');
  await lv.waitForText('.upload-entry[data-name="bad.pdf"] .upload-error', '{:writer_failure, :invalid_pdf}');
  await lv.waitForText('#submitted', 'submitted: false');
  await waitInPage(lv.page, 'the form to leave phx-submit-loading', () => {
    const form = document.querySelector('#upload-form');
    const input = form.querySelector('input[type=file]');
    const button = form.querySelector('button');
    return (
      !form.classList.contains('phx-submit-loading') &&
      !input.disabled &&
      !input.hasAttribute('data-phx-ref-lock') &&
      !button.disabled &&
      !button.hasAttribute('data-phx-ref-lock')
    );
  });

  await failedEntry.getByRole('button', { name: 'Cancel' }).click();
  await failedEntry.waitFor({ state: 'detached' });

  await submit.click();
  await lv.waitForText('#submitted', 'submitted: true');
});
