// /volunteers with the official client: per-field errors that follow phx-change (debounced
// by time for the name, until blur for the phone) and only for fields the user has used; a
// sign-up streamed to a second viewer through pubsub; a check-out there shown here.
import assert from 'node:assert/strict';
import { LivePage, e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

function validateFrames(lv, since) {
  return lv
    .lvFrames({ dir: 'sent', event: 'event', since })
    .filter((f) => f.payload.type === 'form' && f.payload.event === 'validate');
}

scenario('errors appear per used field, after the debounce, and go when fixed', async (lv) => {
  await lv.goto('/volunteers');
  const since = lv.mark();
  const name = lv.page.locator('#volunteer-name');
  const phone = lv.page.locator('#volunteer-phone');

  await name.pressSequentially('A');
  await lv.waitForText('#volunteer-name-error', 'should be at least 2 characters');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await lv.page.locator('#volunteer-phone-error').count(), 0, 'the phone is not used yet');
  const [first] = validateFrames(lv, since);
  const params = new URLSearchParams(first.payload.value);
  assert.ok(params.has('volunteer[_unused_phone]'), 'the client marks the untouched phone');
  assert.ok(!params.has('volunteer[_unused_name]'));

  await name.pressSequentially('da');
  await waitInPage(lv.page, 'the name error to go', () => !document.getElementById('volunteer-name-error'));
  await lv.sync();
  assert.equal(validateFrames(lv, since).length, 2, 'two quick keystrokes are one debounced change');

  // The phone reports on blur only.
  await phone.pressSequentially('555-12');
  const typed = validateFrames(lv, since).length;
  await phone.press('Tab');
  await lv.waitForText('#volunteer-phone-error', 'should be a phone number like 555-123-4567');
  assert.equal(validateFrames(lv, since).length, typed + 1, 'one change, at blur');
  assert.equal(await phone.inputValue(), '555-12', 'the user keeps what they typed');

  await phone.fill('555.123.4567');
  await phone.press('Tab');
  await waitInPage(lv.page, 'no error left', () => document.querySelectorAll('.error').length === 0);
  await lv.sync();
});

scenario('a sign-up reaches a second viewer, and its check-out comes back', async (lv, suite) => {
  const other = await LivePage.open(suite.browser, suite.gallery.baseURL, {});
  try {
    await lv.goto('/volunteers');
    await other.goto('/volunteers');
    const before = await other.page.locator('#volunteers > li').count();

    await lv.page.fill('#volunteer-name', 'Katherine Johnson');
    await lv.page.fill('#volunteer-phone', '555 123 4567');
    await lv.page.click('#check-in');
    await waitInPage(
      other.page,
      'the sign-up on the other page',
      (n) => document.querySelectorAll('#volunteers > li').length === n + 1,
      before,
    );
    await other.waitForText('#volunteers > li:first-child .name', 'Katherine Johnson');
    await other.waitForText('#volunteers > li:first-child .status', 'checked in');
    await lv.waitForText('#volunteers > li:first-child .name', 'Katherine Johnson');
    await lv.sync();
    assert.equal(await lv.page.inputValue('#volunteer-name'), '', 'the form is cleared');
    assert.equal(await lv.page.inputValue('#volunteer-phone'), '');
    assert.equal(await lv.page.locator('.error').count(), 0);
    // The next volunteer starts afresh: only the fields they use show errors.
    await lv.page.locator('#volunteer-name').pressSequentially('B');
    await lv.waitForText('#volunteer-name-error', 'should be at least 2 characters');
    assert.equal(await lv.page.locator('#volunteer-phone-error').count(), 0, 'the phone is not used yet');

    const row = await other.page.getAttribute('#volunteers > li:first-child', 'id');
    await other.click(`#${row}-toggle`);
    await lv.waitForText(`#${row} .status`, 'checked out');
    await lv.waitForText(`#${row}-toggle`, 'Check in');
    assert.equal(await lv.page.getAttribute(`#${row}`, 'class'), 'volunteer out');
    await other.sync();
    await other.assertClean();
  } finally {
    await other.close();
  }
});
