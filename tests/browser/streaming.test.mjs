// What the popup shows while a run is under way: the answer growing as it
// streams, the countdown of a rate-limit wait, and the parts of an article
// longer than the model's context window.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import {
  ARTIFACTS_DIR,
  chatRequests,
  configure,
  endpointSettings,
  openArticle,
  openPopup,
  readClipboard,
  script,
  serverOptions,
  startSession,
  waitForRunEnd,
} from './harness.mjs';

let session;

before(async () => {
  session = await startSession();
});

beforeEach(async () => {
  session.model.state.requests = [];
  session.model.state.script = [];
  serverOptions(session, {});
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

test('popup shows text as it streams', async () => {
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  await script(session, [{ pieceDelayMs: 120 }]);
  const popup = await openPopup(session, tabId);

  const text = popup.locator('.stage[data-stage="post"][data-status="running"] .stage-text');
  await text.getByText('# Test Post About').waitFor({ timeout: 30_000 });
  const early = await text.textContent();
  await popup.waitForFunction(
    (length) => {
      const running = document.querySelector('.stage[data-stage="post"][data-status="running"] .stage-text');
      return running && running.textContent.length > length;
    },
    early.length,
  );
  await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-streaming.png') });

  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const full = chatRequests(session)[0].responseText;
  assert.ok(early.length < full.length, `the popup showed part of the answer (${early.length} of ${full.length} characters)`);
  assert.ok(full.startsWith(early), 'the partial text is the start of the answer');
});

test('rate limit wait shows countdown', async () => {
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  await script(session, [{ fail: 'rate_limit', retryAfter: 4 }]);
  const popup = await openPopup(session, tabId);

  const state = popup.locator('.stage[data-stage="post"] .stage-state');
  await state.getByText(/^retrying in [1-4] s \(rate limited\)$/).waitFor({ timeout: 30_000 });
  await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-rate-limit.png') });

  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const posts = chatRequests(session).filter((request) => /witty tech blogger/.test(request.body.messages[0].content));
  assert.deepEqual(posts.map((request) => request.status), [429, 200], 'the post stage waited, then asked again');
});

test('long article is read in parts', async () => {
  serverOptions(session, { contextTokens: 2048 });
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`, { contextTokens: 2048 }) });
  const { tabId } = await openArticle(session, `${session.pages.url}/wapo-1/`);
  const popup = await openPopup(session, tabId);

  const view = await waitForRunEnd(session, tabId, 120_000);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const rejected = chatRequests(session).filter((request) => request.status !== 200);
  assert.equal(rejected.length, 0, 'no request exceeded the 2048-token window');

  const parts = view.stages.find((stage) => stage.stage === 'post').parts;
  assert.ok(parts > 1, `the article was read in ${parts} parts`);
  await popup.bringToFront();
  await popup.locator('.stage[data-stage="post"] .stage-usage').getByText(`read in ${parts} parts`, { exact: false }).waitFor();
  const clipboard = await readClipboard(session);
  assert.ok(clipboard['text/plain'].includes(`so it was summarised in ${parts} parts`), 'the log says so');
});
