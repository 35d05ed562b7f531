// The right-click path in Firefox: the background page's menu handler runs
// the chain with no popup open, the post lands on the clipboard, and a
// notification says so. With a selection, only the selection is read.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import { chatRequests, endpointSettings } from '../harness.mjs';
import { assertPostMatchesServer } from '../post-checks.mjs';
import {
  clickMenu,
  configure,
  evaluate,
  fillClipboard,
  shownNotificationIds,
  openArticle,
  readClipboard,
  startSession,
  waitForRunEnd,
} from './harness.mjs';

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

test('context menu run copies post in Firefox', { timeout: 180_000 }, async () => {
  const { tabId, url } = await openArticle(session, `${session.pages.url}/wapo-1/`);
  await fillClipboard(session, 'before the run');

  await clickMenu(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.trigger, 'contextMenu');
  assert.equal(view.clipboard, 'written');

  const clipboard = await readClipboard(session);
  assertPostMatchesServer({ clipboard, requests: chatRequests(session), view, pageUrl: url });

  const shown = await shownNotificationIds(session);
  assert.ok(shown.includes(view.id), `a notification for run ${view.id} was shown: ${JSON.stringify(shown)}`);
});

test('selection run in Firefox reads selection', { timeout: 180_000 }, async () => {
  const { handle, tabId } = await openArticle(session, `${session.pages.url}/bbc-1/`);
  const [selected, other] = await evaluate(session, handle, () => {
    const paragraphs = [...document.querySelectorAll('p')].filter((p) => p.textContent.trim().length > 120);
    window.getSelection().selectAllChildren(paragraphs[0]);
    return [paragraphs[0].textContent.trim(), paragraphs[1].textContent.trim()];
  });

  await clickMenu(session, tabId, { selectionText: selected });
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.trigger, 'selection');
  assert.equal(view.article.fromSelection, true);

  const prompt = chatRequests(session)[0].body.messages.find((message) => message.role === 'user').content;
  const wrapped = prompt.split('<article>')[1];
  assert.ok(wrapped.includes(selected.slice(0, 80)), 'the selected paragraph is the article');
  assert.ok(!wrapped.includes(other.slice(0, 80)), 'other paragraphs are left out');

  const clipboard = await readClipboard(session);
  assert.ok(clipboard['text/plain'].includes('Prompt: '), 'the post has its log');
});
