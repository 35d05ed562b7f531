// The popup after a run: elapsed time and tokens per stage, the post
// edited before copying in three flavours (rich text rendered safely from
// the edit), Regenerate of one stage that keeps the earlier ones, keyboard
// use with labelled controls, and dark mode.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  chatRequests,
  configure,
  endpointSettings,
  openArticle,
  openPopup,
  readClipboard,
  screenshot,
  script,
  startSession,
  waitForRunEnd,
} from './harness.mjs';

let session;

before(async () => {
  session = await startSession();
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

async function finishedPopup() {
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Copy as rich text' }).waitFor();
  return { popup, tabId, view };
}

test('stages show time and tokens', async () => {
  const { popup } = await finishedPopup();
  for (const stage of ['post', 'title', 'description']) {
    const row = popup.locator(`.stage[data-stage="${stage}"]`);
    assert.match(await row.locator('.stage-state').innerText(), /^done · \d+ s$/);
    assert.match(await row.locator('.stage-usage').innerText(), /^\d+ tokens in, \d+ out$/);
  }
  await screenshot(popup, 'popup.png', { fullPage: true });
});

test('edited post is copied three ways', async () => {
  const { popup, view } = await finishedPopup();
  await popup.getByRole('button', { name: 'Edit' }).click();
  const editor = popup.getByLabel('Markdown of the post');
  assert.equal(await editor.inputValue(), view.post.markdown, 'the editor starts with the post');
  await editor.press('Control+Home');
  await editor.pressSequentially('**Edited lead** <img src=x onerror=alert(1)> [bad](javascript:alert(1))\n\n');
  await popup.getByText('Edited: every Copy button copies your version.').waitFor();

  await popup.getByRole('button', { name: 'Copy as rich text' }).click();
  await popup.getByText(/on the clipboard as rich text/).waitFor();
  const rich = await readClipboard(session);
  assert.ok(rich['text/html'].startsWith('<p><strong>Edited lead</strong> &lt;img src=x onerror=alert(1)&gt; bad</p>'), rich['text/html'].slice(0, 200));
  assert.ok(!rich['text/html'].includes('<img src=x'), 'raw HTML of the edit does not run');
  assert.ok(!rich['text/html'].includes('javascript:'), 'no javascript: link');
  assert.ok(rich['text/html'].includes(`<a href="${view.article.url}">`), 'the attribution stays a link');
  assert.ok(rich['text/plain'].startsWith('**Edited lead**'), 'rich text carries the edited Markdown as text');

  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Copy as Markdown' }).click();
  await popup.getByText('The post is on the clipboard as Markdown.').waitFor();
  const markdown = await readClipboard(session);
  assert.equal(markdown['text/plain'], await editor.inputValue());
  assert.equal(markdown['text/html'], undefined, 'Markdown is copied as text only');

  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Copy as plain text' }).click();
  await popup.getByText('The post is on the clipboard as plain text.').waitFor();
  const plain = (await readClipboard(session))['text/plain'];
  assert.ok(plain.startsWith('Edited lead <img src=x onerror=alert(1)> bad (javascript:alert(1))'), plain.slice(0, 120));
  assert.ok(!plain.includes('**'), 'no emphasis marks');
  assert.ok(!plain.includes('\n## '), 'no heading marks');

  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Undo edits' }).click();
  await popup.getByRole('button', { name: 'Copy as rich text' }).click();
  await popup.getByText(/on the clipboard as rich text/).waitFor();
  // Chromium writes the clipboard's HTML back with quotes unescaped.
  const copied = (await readClipboard(session))['text/html'];
  assert.equal(copied, view.post.html.replaceAll('&quot;', '"'), 'unedited, the original HTML is copied');
});

test('regenerate title keeps post', async () => {
  const { popup, tabId, view } = await finishedPopup();
  const before = chatRequests(session).length;
  await script(session, [{ text: 'A Brand New Title' }]);

  await popup.getByRole('button', { name: 'Regenerate Title and the stages after it' }).click();
  await popup.getByText(/on the clipboard/).waitFor({ timeout: 30_000 });
  const again = await waitForRunEnd(session, tabId);
  assert.equal(again.status, 'done');
  assert.equal(again.id, view.id, 'the same run');

  const sent = chatRequests(session).slice(before);
  assert.equal(sent.length, 2, 'only the title and the description are requested');
  assert.ok(sent[0].body.messages[0].content.startsWith('You are an AI blog title generator.'));
  assert.equal(again.post.title, 'A Brand New Title');
  assert.equal(again.stages[0].text, view.stages[0].text, 'the post body is kept');
});

test('popup works from keyboard', async () => {
  const { popup } = await finishedPopup();
  const names = [];
  for (let index = 0; index < 14; index += 1) {
    await popup.keyboard.press('Tab');
    const focused = await popup.evaluate(() => {
      const element = document.activeElement;
      const outline = getComputedStyle(element).outlineStyle;
      const name = element.getAttribute('aria-label') || element.title || element.textContent.trim().slice(0, 40);
      return { tag: element.tagName, name, outline };
    });
    if (focused.tag === 'BUTTON') assert.notEqual(focused.outline, 'none', `${focused.name} shows focus`);
    assert.ok(focused.name, `a focused ${focused.tag} has a name`);
    names.push(focused.name);
  }
  assert.ok(names.includes('Regenerate Post and the stages after it'), names.join(' | '));
  assert.ok(names.includes('Copy as rich text'), names.join(' | '));

  await popup.getByRole('button', { name: 'Copy as Markdown' }).focus();
  await popup.keyboard.press('Enter');
  await popup.getByText('The post is on the clipboard as Markdown.').waitFor();
  assert.equal(await popup.locator('#announce').getAttribute('aria-live'), 'polite');
  assert.equal(await popup.getByRole('status').count(), 1);
});

test('popup follows dark mode', async () => {
  const { popup } = await finishedPopup();
  await popup.emulateMedia({ colorScheme: 'dark' });
  const background = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(17, 24, 39)');
  const frameBackground = await popup.frameLocator('#preview').locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
  assert.equal(frameBackground, 'rgb(17, 24, 39)', 'the preview is dark too');
  await screenshot(popup, 'popup-dark.png', { fullPage: true });
});
