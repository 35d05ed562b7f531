// The history: finished posts are kept locally, newest first and at most
// 50, without keys; the history page reopens and copies them, and clearing
// asks first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { configure, endpointSettings, openArticle, openPopup, readClipboard, startSession, waitForRunEnd } from './harness.mjs';

const KEY = 'sk-history-test-5b1f8e2c';

let session;

before(async () => {
  session = await startSession();
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`), keys: { default: KEY } });
});

after(async () => {
  await session?.close();
});

async function storedHistory() {
  return session.control.evaluate(async () => (await chrome.storage.local.get('history')).history ?? []);
}

async function runOn(name) {
  const { tabId } = await openArticle(session, `${session.pages.url}/${name}/`);
  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  await popup.close();
  return view;
}

test('history keeps newest fifty', async () => {
  const old = Array.from({ length: 50 }, (_, index) => ({
    id: `old-${index}`,
    url: `https://example.com/${index}`,
    title: `Old post ${index}`,
    createdAt: Date.now() - 1000 * (index + 1),
    markdown: `# Old post ${index}\n`,
    html: `<h1>Old post ${index}</h1>\n`,
  }));
  await session.control.evaluate((entries) => chrome.storage.local.set({ history: entries }), old);

  const view = await runOn('ars-1');
  const history = await storedHistory();
  assert.equal(history.length, 50);
  assert.equal(history[0].id, view.id, 'the new post comes first');
  assert.equal(history[0].url, view.article.url);
  assert.equal(history[0].markdown, view.post.markdown);
  assert.equal(history[1].id, 'old-0');
  assert.ok(!history.some((entry) => entry.id === 'old-49'), 'the oldest post is dropped');
  assert.ok(!JSON.stringify(history).includes(KEY), 'no key in the history');
});

test('history page reopens and copies', async () => {
  await session.control.evaluate(() => chrome.storage.local.remove('history'));
  const first = await runOn('ars-1');
  const second = await runOn('wapo-1');

  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/extension/history/history.html`);
  const titles = await page.locator('.entry-open').allInnerTexts();
  assert.deepEqual(titles, [second.post.title, first.post.title], 'newest first');
  assert.match(await page.locator('.entry-meta').first().innerText(), new RegExp(`^${new URL(second.article.url).host} · `));

  await page.locator('.entry-open').nth(1).click();
  await page.locator('#post-source').getByText(first.article.url).waitFor();
  const heading = await page.frameLocator('#preview').locator('h1').innerText();
  assert.equal(heading, first.post.title);
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await page.getByText('The post is on the clipboard as Markdown.').waitFor();
  assert.equal((await readClipboard(session))['text/plain'], first.post.markdown);

  await page.bringToFront();
  page.once('dialog', (dialog) => dialog.dismiss());
  await page.getByRole('button', { name: 'Clear history' }).click();
  assert.equal((await storedHistory()).length, 2, 'a dismissed confirmation keeps the history');

  let question = '';
  page.once('dialog', (dialog) => {
    question = dialog.message();
    dialog.accept();
  });
  await page.getByRole('button', { name: 'Clear history' }).click();
  await page.getByText('The history is empty.').waitFor();
  assert.equal(question, 'Delete all 2 posts from the history? This cannot be undone.');
  assert.deepEqual(await storedHistory(), []);
  await page.getByText('No posts yet.', { exact: false }).waitFor();
});
