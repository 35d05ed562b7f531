// The right-click path: no popup is open, the run happens in the
// background, the post lands on the clipboard and a notification says so.
// With a selection, only the selected text is summarised.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import {
  chatRequests,
  clickMenu,
  configure,
  endpointSettings,
  fillClipboard,
  notifications,
  openArticle,
  readClipboard,
  startSession,
  waitForRunEnd,
} from './harness.mjs';
import { assertPostMatchesServer } from './post-checks.mjs';

let session;

before(async () => {
  session = await startSession();
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

beforeEach(() => {
  session.model.state.requests = [];
});

after(async () => {
  await session?.close();
});

test('context menu run copies post and notifies', async () => {
  const { tabId, url } = await openArticle(session, `${session.pages.url}/wapo-1/`);
  await fillClipboard(session, 'before the run');

  await clickMenu(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.trigger, 'contextMenu');

  const clipboard = await readClipboard(session);
  assertPostMatchesServer({ clipboard, requests: chatRequests(session), view, pageUrl: url });

  const shown = await notifications(session);
  assert.ok(shown[view.id], `a notification for run ${view.id} is shown: ${JSON.stringify(shown)}`);
});

test('selection run summarizes only selection', async () => {
  const { page, tabId } = await openArticle(session, `${session.pages.url}/bbc-1/`);
  const selected = await page.evaluate(() => {
    const paragraph = [...document.querySelectorAll('p')].find((p) => p.textContent.trim().length > 120);
    window.getSelection().selectAllChildren(paragraph);
    return paragraph.textContent.trim();
  });
  const other = await page.evaluate(
    (chosen) => [...document.querySelectorAll('p')].map((p) => p.textContent.trim()).find((text) => text.length > 120 && text !== chosen),
    selected,
  );

  await clickMenu(session, tabId, { selectionText: selected });
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.trigger, 'selection');
  assert.equal(view.article.fromSelection, true);

  const postRequest = chatRequests(session)[0];
  const prompt = postRequest.body.messages.find((message) => message.role === 'user').content;
  const wrapped = prompt.split('<article>')[1];
  assert.ok(wrapped.includes(selected.slice(0, 80)), 'the selected paragraph is the article');
  assert.ok(!wrapped.includes(other.slice(0, 80)), 'other paragraphs are left out');

  const clipboard = await readClipboard(session);
  assert.ok(clipboard['text/plain'].includes('Prompt: '), 'the post has its log');
});
