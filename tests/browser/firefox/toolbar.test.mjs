// The toolbar path in Firefox: the popup starts a run on the article's
// tab, the background page runs the chain, and the finished post lands on
// the clipboard in both flavours.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chatRequests, endpointSettings } from '../harness.mjs';
import { assertPostMatchesServer } from '../post-checks.mjs';
import { configure, openArticle, openPopup, readClipboard, screenshot, startSession, textOf, waitFor, waitForRunEnd } from './harness.mjs';

let session;

before(async () => {
  session = await startSession();
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

test('toolbar run copies post in Firefox', { timeout: 180_000 }, async () => {
  const { tabId, url } = await openArticle(session, `${session.pages.url}/ars-1/`);

  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.clipboard, 'written');

  const clipboard = await readClipboard(session);
  assertPostMatchesServer({ clipboard, requests: chatRequests(session), view, pageUrl: url });

  await waitFor(session, popup, () => document.querySelectorAll('.stage[data-status="done"]').length === 3);
  assert.match(await textOf(session, popup, '#status'), /on the clipboard/);

  // The popup opened in a tab; a window of the toolbar popup's width shows
  // it as users see it.
  await session.driver.manage().window().setRect({ width: 440, height: 900 });
  await screenshot(session, popup, 'popup-firefox.png');
});
