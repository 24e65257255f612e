// Upstream tests/forms.spec.js, re-expressed: `/form`, `/form/nested`, `/form/stream`,
// `/form/dynamic-inputs`, `/form/feedback` (examples/src/conformance/forms.rs and forms/).
//
// Upstream declares most tests in loops over the path (`/form/nested`, `/form`) and, for the
// recovery tests, over a variant (`live-component`, plain, `portal`; no portal for the nested
// form); so do we, one scenario per run. Tests inside a `describe` are named
// `<describe> › <test>`, as Playwright reports them.
//
// The "loading and locked states" tests hold the view's events until the test releases them
// (upstream: an `attach_hook` installed through `evalLV` and `send`s through `POST /eval`). Our
// stand-in: the sandbox command `hold` returns a handle, and `POST /form/release/<handle>/<event>`
// lets one held handler run (examples/src/conformance/forms/gate.rs).

import assert from 'node:assert/strict';
import querystring from 'node:querystring';
import { conformanceSuite, evalLV, syncLV, waitForPathMatching, wsEvents } from './helpers.mjs';
import {
  assertContainsAll,
  attributeMutations,
  expectAttr,
  expectClass,
  expectCount,
  expectFocused,
  expectNoAttr,
  expectText,
  expectTexts,
  expectValue,
  expectVisible,
  poll,
} from './forms-helpers.mjs';

const { scenario } = conformanceSuite();

/** `liveSocket.disconnect()`, then the page shows one loading view. */
async function disconnect(lv) {
  await lv.page.evaluate(() => new Promise((resolve) => window.liveSocket.disconnect(resolve)));
  await expectCount(lv.page, '.phx-loading', 1);
}

/** `liveSocket.connect()`, then the views are joined and nothing is loading. */
async function reconnect(lv) {
  await lv.page.evaluate(() => window.liveSocket.connect());
  await syncLV(lv);
  await expectCount(lv.page, '.phx-loading', 0);
}

/** Whether the socket recorded since `mark` sent `phx_join`, got a `phx_reply`, and (`closed`) was closed. */
function assertJoinedAndReplied(lv, mark, extra = []) {
  const events = wsEvents(lv, mark);
  const has = (type, re) => events.some((e) => e.type === type && re.test(e.payload));
  assert.ok(has('sent', /phx_join/), 'a phx_join was sent');
  assert.ok(has('received', /phx_reply/), 'a phx_reply was received');
  for (const [type, re] of extra) assert.ok(has(type, re), `a ${type} frame matching ${re}: ${JSON.stringify(events.map((e) => e.payload))}`);
}

/** The form fields of the first `validate` event sent since `mark` (upstream's `formPayload`). */
function formPayload(lv, mark) {
  const event = wsEvents(lv, mark).find((e) => e.type === 'sent' && e.payload.includes('"event":"validate"'));
  assert.ok(event, 'a validate event was sent');
  return { ...querystring.parse(JSON.parse(event.payload)[4].value) };
}

for (const path of ['/form/nested', '/form']) {
  // upstream issues #1759, #2993: states the client sets while an event is pending are restored
  scenario(`${path} - readonly state is restored after submits`, async (lv) => {
    const { page } = lv;
    await lv.goto(path);
    await syncLV(lv);
    await expectAttr(page, 'input[name=a]', 'readonly');
    const changesA = await attributeMutations(page, 'input[name=a]');
    const changesB = await attributeMutations(page, 'input[name=b]');
    // submitting more than once keeps the readonly input readonly
    await page.locator('#submit').click();
    await syncLV(lv);
    assertContainsAll(
      await changesA(),
      [
        { attr: 'data-phx-readonly', oldValue: null, newValue: 'true' },
        { attr: 'readonly', oldValue: '', newValue: '' },
        { attr: 'data-phx-readonly', oldValue: 'true', newValue: null },
        { attr: 'readonly', oldValue: '', newValue: '' },
      ],
      'input a',
    );
    // b is made readonly while the submit is pending, then restored
    assertContainsAll(
      await changesB(),
      [
        { attr: 'data-phx-readonly', oldValue: null, newValue: 'false' },
        { attr: 'readonly', oldValue: null, newValue: '' },
        { attr: 'data-phx-readonly', oldValue: 'false', newValue: null },
        { attr: 'readonly', oldValue: '', newValue: null },
      ],
      'input b',
    );
    await expectAttr(page, 'input[name=a]', 'readonly');
    await page.locator('#submit').click();
    await syncLV(lv);
    await expectAttr(page, 'input[name=a]', 'readonly');
  });

  scenario(`${path} - button disabled state is restored after submits`, async (lv) => {
    const { page } = lv;
    await lv.goto(path);
    await syncLV(lv);
    const changes = await attributeMutations(page, '#submit');
    await page.locator('#submit').click();
    await syncLV(lv);
    assertContainsAll(
      await changes(),
      [
        { attr: 'data-phx-disabled', oldValue: null, newValue: 'false' },
        { attr: 'disabled', oldValue: null, newValue: '' },
        { attr: 'class', oldValue: null, newValue: 'phx-submit-loading' },
        { attr: 'data-phx-disabled', oldValue: 'false', newValue: null },
        { attr: 'disabled', oldValue: '', newValue: null },
        { attr: 'class', oldValue: 'phx-submit-loading', newValue: null },
      ],
      '#submit',
    );
  });

  scenario(`${path} - non-form button (phx-disable-with) disabled state is restored after click`, async (lv) => {
    const { page } = lv;
    await lv.goto(path);
    await syncLV(lv);
    const changes = await attributeMutations(page, 'button[type=button]');
    await page.locator('button[type=button]').click();
    await syncLV(lv);
    assertContainsAll(
      await changes(),
      [
        { attr: 'data-phx-disabled', oldValue: null, newValue: 'false' },
        { attr: 'disabled', oldValue: null, newValue: '' },
        { attr: 'class', oldValue: null, newValue: 'phx-click-loading' },
        { attr: 'data-phx-disabled', oldValue: 'false', newValue: null },
        { attr: 'disabled', oldValue: '', newValue: null },
        { attr: 'class', oldValue: 'phx-click-loading', newValue: null },
      ],
      'button[type=button]',
    );
  });

  for (const additionalParams of ['live-component', '', 'portal']) {
    // upstream leaves the portal out for the nested form
    if (additionalParams === 'portal' && path === '/form/nested') continue;
    const append = additionalParams.length ? ` ${additionalParams}` : '';
    const describe = `${path}${append} - form recovery`;

    scenario(`${describe} › form state is recovered when socket reconnects`, async (lv) => {
      const { page } = lv;
      const start = lv.mark();
      await lv.goto(`${path}?${additionalParams}`);
      await syncLV(lv);

      await page.locator('input[name=b]').fill('test');
      await page.locator('input[name=e]').fill('inside');
      await page.locator('input[name=f]').fill('outside');
      await page.locator('input[name=c]').fill('hello world');
      await page.locator('select[name=d]').selectOption('bar');
      await expectFocused(page, 'input[name=c]');
      await syncLV(lv);

      await disconnect(lv);
      assertJoinedAndReplied(lv, start);
      await poll('the socket closed', () => lv.sockets.every((s) => s.closed), (v) => v === true);

      const mark = lv.mark();
      await reconnect(lv);
      await expectValue(page, 'input[name=b]', 'test');
      // c keeps the focus (upstream checks it only without a nested view)
      if (path === '/form') await expectFocused(page, 'input[name=c]');
      await expectValue(page, 'select[name=d]', 'bar');

      assertJoinedAndReplied(lv, mark, [['sent', /validate/]]);
      assert.deepEqual(formPayload(lv, mark), {
        _unused_a: '',
        a: 'foo',
        b: 'test',
        c: 'hello world',
        d: 'bar',
        e: 'inside',
        f: 'outside',
      });
    });

    scenario(`${describe} › JS command in phx-change works during recovery`, async (lv) => {
      const { page } = lv;
      await lv.goto(`${path}?${additionalParams}&js-change=1`);
      await syncLV(lv);

      await page.locator('input[name=b]').fill('test');
      // blur, or the focused input would be left alone by the patch anyway
      await page.locator('input[name=b]').blur();
      await expectAttr(page, 'form', 'phx-change', /push/);
      await syncLV(lv);

      await disconnect(lv);
      await reconnect(lv);
      await expectValue(page, 'input[name=b]', 'test');
    });

    scenario(`${describe} › does not recover when form is missing id`, async (lv) => {
      const { page } = lv;
      await lv.goto(`${path}?no-id&${additionalParams}`);
      await syncLV(lv);

      await page.locator('input[name=b]').fill('test');
      await page.locator('input[name=b]').blur();
      await syncLV(lv);

      await disconnect(lv);
      await reconnect(lv);
      await expectValue(page, 'input[name=b]', 'bar');
    });

    scenario(`${describe} › does not recover when form is missing phx-change`, async (lv) => {
      const { page } = lv;
      await lv.goto(`${path}?no-change-event&${additionalParams}`);
      await syncLV(lv);

      await page.locator('input[name=b]').fill('test');
      await page.locator('input[name=b]').blur();
      await syncLV(lv);

      await disconnect(lv);
      await reconnect(lv);
      await expectValue(page, 'input[name=b]', 'bar');
    });

    scenario(`${describe} › phx-auto-recover`, async (lv) => {
      const { page } = lv;
      await lv.goto(`${path}?phx-auto-recover=custom-recovery&${additionalParams}`);
      await syncLV(lv);

      await page.locator('input[name=b]').fill('test');
      await page.locator('input[name=b]').blur();
      await syncLV(lv);

      await disconnect(lv);
      const mark = lv.mark();
      await reconnect(lv);
      await expectValue(page, 'input[name=b]', 'custom value from server');
      assertJoinedAndReplied(lv, mark, [['sent', /event.*_unused_a=&a=foo&b=test/]]);
    });

    scenario(`${describe} › respects disabled state of a fieldset`, async (lv) => {
      const { page } = lv;
      await lv.goto(`${path}?disabled-fieldset=true&${additionalParams}`);
      await syncLV(lv);

      await page.locator('input[name=c]').fill('hello world');
      await page.locator('select[name=d]').selectOption('bar');
      await expectFocused(page, 'input[name=c]');
      await syncLV(lv);

      await disconnect(lv);
      const mark = lv.mark();
      await reconnect(lv);
      // the disabled fieldset's inputs are not sent
      assert.deepEqual(formPayload(lv, mark), {
        c: 'hello world',
        d: 'bar',
        _unused_e: '',
        e: '',
        _unused_f: '',
        f: '',
      });
    });

    // nested LiveViews have no handle_params, so upstream declares this one for /form only
    if (path === '/form') {
      scenario(`${describe} › navigation during recovery is properly handled by the client`, async (lv) => {
        await lv.goto(`${path}?phx-auto-recover=patch-recovery&${additionalParams}`);
        await syncLV(lv);
        await disconnect(lv);
        await lv.page.evaluate(() => window.liveSocket.connect());
        await waitForPathMatching(lv, /patched=true/);
      });
    }
  }

  scenario(`${path} - can submit form with button that has phx-click`, async (lv) => {
    const { page } = lv;
    await lv.goto(`${path}?phx-auto-recover=custom-recovery`);
    await syncLV(lv);
    await expectVisible(page.getByText('Form was submitted!'), false);
    await page.getByRole('button', { name: 'Submit with JS' }).click();
    await syncLV(lv);
    await expectVisible(page.getByText('Form was submitted!'), true);
  });

  scenario(`${path} - loading and locked states with latency`, async (lv) => {
    const { page } = lv;
    const nested = path.includes('nested');
    await lv.goto(`${path}?phx-change=validate`);
    await syncLV(lv);
    // hold every event of the form's view until the test releases it
    const selector = nested ? '#nested' : '[data-phx-main]';
    const { result } = await evalLV(page, 'hold', null, { selector });
    const ack = (event) => page.request.post(`/form/release/${result.handle}/${event}`);

    await expectVisible(page.getByText('Form was submitted!'), false);
    const form = '#test-form';
    const submit = '#test-form #submit';
    await page.locator('#test-form input[name=b]').fill('test');
    await expectClass(page, form, 'myformclass phx-change-loading');
    await expectAttr(page, form, 'data-phx-ref-loading');
    // the form is locked while a change is pending
    await expectAttr(page, form, 'data-phx-ref-lock');
    await expectAttr(page, form, 'data-phx-ref-src');
    await page.locator(submit).click();
    // change and submit loading at once
    await expectClass(page, form, 'myformclass phx-change-loading phx-submit-loading');
    // the change is acknowledged
    await ack('validate');
    await expectClass(page, form, 'myformclass phx-submit-loading');
    await expectClass(page, submit, 'phx-submit-loading');
    await expectAttr(page, submit, 'data-phx-disable-with-restore', 'Submit');
    await expectAttr(page, submit, 'data-phx-ref-loading');
    await expectAttr(page, form, 'data-phx-ref-loading');
    await expectAttr(page, form, 'data-phx-ref-src');
    await expectAttr(page, submit, 'data-phx-ref-lock');
    // a submit does not lock the form
    await expectNoAttr(page, form, 'data-phx-ref-lock');
    await expectAttr(page, submit, 'data-phx-ref-src');
    await expectAttr(page, submit, 'disabled', '');
    await expectAttr(page, submit, 'phx-disable-with', 'Submitting');
    await ack('save');
    await expectVisible(page.getByText('Form was submitted!'), true);
    // every ref is cleaned up
    await expectClass(page, form, 'myformclass');
    await expectClass(page, submit, '');
    for (const name of ['data-phx-disable-with-restore', 'data-phx-ref-loading', 'data-phx-ref-lock', 'data-phx-ref-src', 'disabled']) {
      await expectNoAttr(page, submit, name);
    }
    await expectAttr(page, submit, 'phx-disable-with', 'Submitting');
  });
}

scenario('loading and locked states with latent clone', async (lv) => {
  const { page } = lv;
  await lv.goto('/form/stream');
  await syncLV(lv);
  // each held event waits for its release; the hooks' pings are not held
  const { result } = await evalLV(page, 'hold');
  const ack = (event) => page.request.post(`/form/release/${result.handle}/${event}`);
  await expectText(page, '#form-stream-hook', 'pong');
  const form = '#test-form';
  const input = '#test-form input[name=myname]';
  const submit = '#test-form button';
  const items = '#form-stream li';
  // the first 3 stream items
  await expectCount(page, items, 3);
  await page.locator(input).fill('1');
  await page.locator(input).fill('2');
  // a change locks the form; the stream stays as it is
  await expectClass(page, form, 'phx-change-loading');
  await expectClass(page, input, 'phx-change-loading');
  for (const sel of [form, input]) {
    await expectAttr(page, sel, 'data-phx-ref-loading');
    await expectAttr(page, sel, 'data-phx-ref-src');
  }
  // submit now
  await page.locator(submit).click();
  await expectClass(page, form, 'phx-change-loading phx-submit-loading');
  await expectText(page, submit, 'Saving...');
  await expectClass(page, input, 'phx-change-loading');
  for (const sel of [form, input]) {
    await expectAttr(page, sel, 'data-phx-ref-loading');
    await expectAttr(page, sel, 'data-phx-ref-src');
  }
  // release the two changes
  await ack('validate');
  // still locked: still 3 items
  await expectCount(page, items, 3);
  await ack('validate');
  // unlocked: the clones' stream inserts of both changes are applied
  await expectCount(page, items, 5);
  // and the new items' hooks mounted (their pings wait behind the held submit)
  await expectTexts(page, items, ['*%{id: 1}pong', '*%{id: 2}pong', '*%{id: 3}pong', '*%{id: 4}', '*%{id: 5}']);
  // the submit is still pending, but no longer locks the form
  await expectText(page, submit, 'Saving...');
  await expectClass(page, form, 'phx-submit-loading');
  await expectAttr(page, input, 'readonly', '');
  await expectClass(page, submit, 'phx-submit-loading');
  for (const sel of [form, input, submit]) {
    await expectAttr(page, sel, 'data-phx-ref-loading');
    await expectAttr(page, sel, 'data-phx-ref-src');
  }
  // release the submit: one more item, and every hook has its pong
  await ack('save');
  await expectTexts(page, items, [
    '*%{id: 1}pong',
    '*%{id: 2}pong',
    '*%{id: 3}pong',
    '*%{id: 4}pong',
    '*%{id: 5}pong',
    '*%{id: 6}pong',
  ]);
  await expectText(page, submit, 'Submit');
  await expectAttr(page, submit, 'phx-disable-with', 'Saving...');
  await poll('form class', () => page.locator(form).getAttribute('class'), (c) => !(c ?? '').includes('phx-submit-loading'));
  await expectNoAttr(page, input, 'readonly');
  await poll('submit class', () => page.locator(submit).getAttribute('class'), (c) => !(c ?? '').includes('phx-submit-loading'));
  for (const sel of [form, input, submit]) {
    await expectNoAttr(page, sel, 'data-phx-ref');
    await expectNoAttr(page, sel, 'data-phx-ref-src');
  }
});

/** The form's fields as `FormData` sees them (last value of a repeated name wins, as upstream's `Object.fromEntries`). */
const formData = (page) => page.locator('form').evaluate((form) => Object.fromEntries(new FormData(form).entries()));

/** `expect(data).toEqual(expect.objectContaining(wanted))`. */
function assertHas(data, wanted) {
  for (const [k, v] of Object.entries(wanted)) assert.equal(data[k], v, `${k} in ${JSON.stringify(data)}`);
}

scenario('can dynamically add/remove inputs (ecto sort_param/drop_param)', async (lv) => {
  const { page } = lv;
  await lv.goto('/form/dynamic-inputs');
  await syncLV(lv);
  assert.deepEqual(await formData(page), { 'my_form[name]': '', 'my_form[users_drop][]': '' });

  await page.locator('#my-form_name').fill('Test');
  await page.getByRole('button', { name: 'add more' }).click();
  await syncLV(lv);
  assertHas(await formData(page), { 'my_form[name]': 'Test', 'my_form[users][0][name]': '' });

  await page.locator('#my-form_users_0_name').fill('User A');
  await page.getByRole('button', { name: 'add more' }).click();
  await syncLV(lv);
  await page.getByRole('button', { name: 'add more' }).click();
  await syncLV(lv);
  await page.locator('#my-form_users_1_name').fill('User B');
  await page.locator('#my-form_users_2_name').fill('User C');
  assertHas(await formData(page), {
    'my_form[name]': 'Test',
    'my_form[users_drop][]': '',
    'my_form[users][0][name]': 'User A',
    'my_form[users][1][name]': 'User B',
    'my_form[users][2][name]': 'User C',
  });

  // remove User B
  await page.locator('button[name="my_form[users_drop][]"][value="1"]').click();
  await syncLV(lv);
  assertHas(await formData(page), {
    'my_form[name]': 'Test',
    'my_form[users_drop][]': '',
    'my_form[users][0][name]': 'User A',
    'my_form[users][1][name]': 'User C',
  });
});

scenario('can dynamically add/remove inputs using checkboxes', async (lv) => {
  const { page } = lv;
  await lv.goto('/form/dynamic-inputs?checkboxes=1');
  await syncLV(lv);
  assert.deepEqual(await formData(page), { 'my_form[name]': '', 'my_form[users_drop][]': '' });

  const addMore = page.locator('label', { hasText: 'add more' });
  await page.locator('#my-form_name').fill('Test');
  await addMore.click();
  await syncLV(lv);
  assertHas(await formData(page), { 'my_form[name]': 'Test', 'my_form[users][0][name]': '' });

  await page.locator('#my-form_users_0_name').fill('User A');
  await addMore.click();
  await addMore.click();
  await page.locator('#my-form_users_1_name').fill('User B');
  await page.locator('#my-form_users_2_name').fill('User C');
  await syncLV(lv);
  assertHas(await formData(page), {
    'my_form[name]': 'Test',
    'my_form[users_drop][]': '',
    'my_form[users][0][name]': 'User A',
    'my_form[users][1][name]': 'User B',
    'my_form[users][2][name]': 'User C',
  });

  // remove User B
  await page.locator('input[name="my_form[users_drop][]"][value="1"]').click();
  await syncLV(lv);
  assertHas(await formData(page), {
    'my_form[name]': 'Test',
    'my_form[users_drop][]': '',
    'my_form[users][0][name]': 'User A',
    'my_form[users][1][name]': 'User C',
  });
});

// a regression of v1.0.17, with the sort inputs nested in a fieldset
scenario('form recovery does not create duplicates of dynamically added fields', async (lv) => {
  const { page } = lv;
  await lv.goto('/form/dynamic-inputs');
  await syncLV(lv);
  assert.deepEqual(await formData(page), { 'my_form[name]': '', 'my_form[users_drop][]': '' });

  await page.locator('#my-form_name').fill('Test');
  await page.getByRole('button', { name: 'add more' }).click();
  await syncLV(lv);
  assertHas(await formData(page), { 'my_form[name]': 'Test', 'my_form[users][0][name]': '' });

  await page.evaluate(() => new Promise((resolve) => window.liveSocket.disconnect(resolve)));
  await page.evaluate(() => window.liveSocket.connect());
  await syncLV(lv);
  const data = await formData(page);
  assert.ok(!('my_form[users][1][name]' in data), JSON.stringify(data));
});

// phx-feedback-for is gone since LiveView 1.0; upstream still tests the shim its layout passes as `dom`
scenario('phx-no-feedback is applied correctly for backwards-compatible-shims', async (lv) => {
  const { page } = lv;
  const feedback = page.locator('[phx-feedback-for=myfeedback]');
  const container = page.locator('[data-feedback-container]');
  await lv.goto('/form/feedback');
  await syncLV(lv);

  await expectVisible(feedback, false);
  await page.getByRole('button', { name: '+' }).click();
  await syncLV(lv);
  await expectVisible(feedback, false);
  await expectText(page, 'p:has-text("Validate Count")', /0/);

  await page.locator('input[name=name]').fill('Test');
  await syncLV(lv);
  await expectVisible(feedback, false);
  await expectText(page, 'p:has-text("Validate Count")', /1/);

  await page.locator('input[name=myfeedback]').fill('Test');
  await syncLV(lv);
  await expectText(page, 'p:has-text("Validate Count")', /2/);
  await expectVisible(feedback, true);

  // feedback shows on submit
  await page.reload();
  await syncLV(lv);
  await expectVisible(feedback, false);
  await page.getByRole('button', { name: 'Submit' }).click();
  await syncLV(lv);
  await expectText(page, 'p:has-text("Submit Count")', /1/);
  await expectVisible(feedback, true);

  // and hides on reset
  await page.getByRole('button', { name: 'Reset' }).click();
  await syncLV(lv);
  await expectVisible(feedback, false);

  // its visibility follows phx-feedback-for
  await page.reload();
  await syncLV(lv);
  await expectVisible(container, false);
  await page.getByRole('button', { name: 'Toggle feedback' }).click();
  await syncLV(lv);
  await expectVisible(container, true);
  await page.getByRole('button', { name: 'Toggle feedback' }).click();
  await syncLV(lv);
  await expectVisible(container, false);
});

scenario('phx-no-unused-field on a form is applied correctly and no unused fields are sent', async (lv) => {
  const { page } = lv;
  const start = lv.mark();
  await lv.goto('/form?phx-no-unused-field-form');
  await syncLV(lv);

  await page.locator('input[name=b]').fill('test');
  await page.locator('input[name=b]').blur();
  await syncLV(lv);

  // no _unused_ marker with phx-no-unused-field on the form
  const sent = wsEvents(lv, start).filter((e) => e.type === 'sent');
  assert.ok(sent.some((e) => /event.*a=foo&b=test&c=baz&d=foo/.test(e.payload)), JSON.stringify(sent.map((e) => e.payload)));
  for (const e of sent) assert.doesNotMatch(e.payload, /_unused_/);
});

scenario(
  'phx-no-unused-field on an input is applied correctly and no unused field is sent for that specific input',
  async (lv) => {
    const { page } = lv;
    const start = lv.mark();
    await lv.goto('/form?phx-no-unused-field-input');
    await syncLV(lv);

    await page.locator('input[name=b]').fill('test');
    await page.locator('input[name=b]').blur();
    await syncLV(lv);

    const sent = wsEvents(lv, start).filter((e) => e.type === 'sent');
    assert.ok(
      sent.some((e) => /event.*_unused_a=&a=foo&b=test&c=baz&_unused_d=&d=foo/.test(e.payload)),
      JSON.stringify(sent.map((e) => e.payload)),
    );
    const formEvent = sent.find((e) => e.payload.includes('a=foo'));
    // a and d are untouched; b was used and c opts out
    assert.match(formEvent.payload, /_unused_a=/);
    assert.match(formEvent.payload, /_unused_d=/);
    assert.doesNotMatch(formEvent.payload, /_unused_b=/);
    assert.doesNotMatch(formEvent.payload, /_unused_c=/);
  },
);
