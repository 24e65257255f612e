// /books with the official client: the form's errors follow what the user types; a book added
// on one page, then checked out and returned, is seen on a second page through pubsub.
import assert from 'node:assert/strict';
import { LivePage, e2eSuite, waitInPage } from './support.mjs';

const { scenario } = e2eSuite();

scenario('the title error comes and goes; an invalid book is not added', async (lv) => {
  await lv.goto('/books');
  const title = lv.page.locator('#book-title');
  await title.pressSequentially('X');
  await lv.waitForText('#book-title-error', 'should be at least 2 characters');
  assert.equal(await lv.page.locator('#book-author-error').count(), 0, 'the author is not used yet');
  await title.pressSequentially('i');
  await waitInPage(lv.page, 'the title error to go', () => !document.getElementById('book-title-error'));

  const books = await lv.page.locator('#books > li').count();
  await lv.page.click('#add-book');
  await lv.waitForText('#book-author-error', "can't be blank");
  await lv.sync();
  assert.equal(await lv.page.locator('#books > li').count(), books);
  assert.equal(await title.inputValue(), 'Xi', 'an invalid form keeps its input');
});

scenario('a book added here is listed there; check-out and return go both ways', async (lv, suite) => {
  const other = await LivePage.open(suite.browser, suite.gallery.baseURL, {});
  try {
    await lv.goto('/books');
    await other.goto('/books');
    const books = await other.page.locator('#books > li').count();

    await lv.page.fill('#book-title', 'The Left Hand of Darkness');
    await lv.page.fill('#book-author', 'Ursula K. Le Guin');
    await lv.page.click('#add-book');
    await waitInPage(
      other.page,
      'the new book on the other page',
      (n) => document.querySelectorAll('#books > li').length === n + 1,
      books,
    );
    await other.waitForText('#books > li:last-child .title', 'The Left Hand of Darkness');
    await other.waitForText('#books > li:last-child .author', 'Ursula K. Le Guin');
    await lv.waitForText('#books > li:last-child .title', 'The Left Hand of Darkness');
    await lv.sync();
    assert.equal(await lv.page.inputValue('#book-title'), '', 'the form is cleared');
    assert.equal(await lv.page.inputValue('#book-author'), '');

    const row = await other.page.getAttribute('#books > li:last-child', 'id');
    await other.click(`#${row}-toggle`);
    await lv.waitForText(`#${row} .status`, '📖 checked out');
    await lv.waitForText(`#${row}-toggle`, 'Return');
    await lv.click(`#${row}-toggle`);
    await other.waitForText(`#${row} .status`, '📚 available');
    await other.waitForText(`#${row}-toggle`, 'Check out');
    await lv.sync();
    await other.sync();
    await other.assertClean();
  } finally {
    await other.close();
  }
});
