// Firefox suspends an idle event page after 30 seconds, and a pending
// fetch does not count as activity. A stage whose answer takes longer must
// still finish and reach the clipboard. The test lowers the idle timeout
// to 15 seconds, so a 35-second answer spans two timeouts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chatRequests, endpointSettings } from '../harness.mjs';
import { assertPostMatchesServer } from '../post-checks.mjs';
import { clickMenu, configure, openArticle, readClipboard, startSession, waitForRunEnd } from './harness.mjs';

let session;

before(async () => {
  session = await startSession({ preferences: { 'extensions.background.idle.timeout': 15_000 } });
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

test('slow stage outlasts event page idle', { timeout: 180_000 }, async () => {
  session.model.state.script.push({ delayMs: 35_000 });
  const { tabId, url } = await openArticle(session, `${session.pages.url}/ars-1/`);

  await clickMenu(session, tabId);
  const view = await waitForRunEnd(session, tabId, 120_000);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.clipboard, 'written');

  const clipboard = await readClipboard(session);
  assertPostMatchesServer({ clipboard, requests: chatRequests(session), view, pageUrl: url });
});
