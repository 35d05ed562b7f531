// The toolbar path: the popup starts a run on the article's tab, streams
// the stages, and the finished post lands on the clipboard in both flavours.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import {
  ARTIFACTS_DIR,
  chatRequests,
  configure,
  endpointSettings,
  openArticle,
  openPopup,
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

after(async () => {
  await session?.close();
});

test('toolbar run copies post in both flavours', async () => {
  const { tabId, url } = await openArticle(session, `${session.pages.url}/ars-1/`);

  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.clipboard, 'written');

  const clipboard = await readClipboard(session);
  assertPostMatchesServer({ clipboard, requests: chatRequests(session), view, pageUrl: url });

  await popup.bringToFront();
  await popup.getByText(/on the clipboard/).waitFor();
  assert.equal(await popup.locator('.stage[data-status="done"]').count(), 3);
  await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-done.png') });
});
