// Runs that do not go smoothly: a stage that takes longer than a service
// worker may live, a truncated response, a failed stage and its retry, pages
// the browser does not let extensions read, and missing or wrong settings.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import {
  chatRequests,
  clickMenu,
  configure,
  endpointSettings,
  fillClipboard,
  openArticle,
  activeTabId,
  openPopup,
  readClipboard,
  script,
  startSession,
  stopServiceWorker,
  waitForRunEnd,
} from './harness.mjs';
import { assertPostMatchesServer } from './post-checks.mjs';

let session;

before(async () => {
  session = await startSession();
});

beforeEach(async () => {
  session.model.state.requests = [];
  session.model.state.script = [];
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

test('stage slower than 30 seconds completes', { timeout: 180_000 }, async () => {
  const { tabId, url } = await openArticle(session, `${session.pages.url}/ars-1/`);
  // The post stage gets its response at once, the title stage after 35 seconds.
  await script(session, [{}, { delayMs: 35_000 }]);

  await clickMenu(session, tabId);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  // Chromium stops a worker that waits on one fetch for more than 30 s; the
  // run must not depend on the worker staying alive.
  assert.ok(await stopServiceWorker(session), 'the service worker was stopped');

  const view = await waitForRunEnd(session, tabId, 120_000);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const titleRequest = chatRequests(session)[1];
  assert.ok(titleRequest.responseId, 'the slow stage was answered');
  const clipboard = await readClipboard(session);
  assertPostMatchesServer({ clipboard, requests: chatRequests(session), view, pageUrl: url });
});

test('truncated response is reported, never pasted', async () => {
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  await fillClipboard(session, 'untouched');
  const cut = { text: '# Post\n\n- **Point**: AI-generated cat videos', finish: 'length' };
  await script(session, [cut, { ...cut, text: ' and' }, { ...cut, text: ' more' }]);

  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'failed');
  assert.equal(view.error.code, 'stage_truncated');
  assert.equal(view.error.stage, 'post');
  assert.equal(chatRequests(session).length, 3, 'the answer was continued twice before giving up');

  const clipboard = await readClipboard(session);
  assert.equal(clipboard['text/plain'], 'untouched');
  await popup.bringToFront();
  await popup.locator('.error-message').getByText(/reached the output limit of 1200 tokens/).waitFor();
  await popup.locator('.error-hint').getByText(/Raise the output token limit/).waitFor();
});

test('retry resumes at failed stage', async () => {
  const { tabId } = await openArticle(session, `${session.pages.url}/wapo-1/`);
  const down = { status: 503, body: { error: { message: 'Service overloaded', type: 'server_error' } } };
  await script(session, [{}, down, down, down]);

  const popup = await openPopup(session, tabId);
  const failed = await waitForRunEnd(session, tabId, 60_000);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error.code, 'stage_server_error');
  assert.equal(failed.error.stage, 'title');
  assert.deepEqual(
    failed.stages.map((stage) => stage.status),
    ['done', 'failed', 'waiting'],
  );
  await popup.bringToFront();
  await popup.locator('.error-message').getByText(/Service overloaded/).waitFor();

  const before = chatRequests(session).length;
  await popup.getByRole('button', { name: 'Retry' }).click();
  await popup.getByText(/on the clipboard/).waitFor({ timeout: 30_000 });
  const resumed = chatRequests(session).slice(before);
  assert.equal(resumed.length, 2, 'only the title and description stages ran again');
  assert.match(resumed[0].body.messages[0].content, /blog title generator/);

  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done');
  const clipboard = await readClipboard(session);
  const postId = chatRequests(session)[0].responseId;
  assert.ok(clipboard['text/plain'].includes(postId), 'the post stage from the first attempt is in the log');
});

test('restricted pages get a clear message', async () => {
  const cases = [
    ['chrome://version/', 'page_hidden', 'The browser does not let extensions read this page.'],
    [`${session.pages.url}/files/report.pdf`, 'page_pdf', /report\.pdf is a PDF/],
  ];
  for (const [url, code, message] of cases) {
    const page = await session.context.newPage();
    await page.goto(url).catch(() => {});
    const tabId = await activeTabId(session, page);
    assert.ok(tabId, `a tab shows ${url}`);

    const popup = await openPopup(session, tabId);
    const view = await waitForRunEnd(session, tabId);
    assert.equal(view.error.code, code, url);
    await popup.locator('.error-message').getByText(message).waitFor();
    await popup.close();
    await page.close();
  }
});

test('missing settings name the fix', async () => {
  await configure(session, { settings: {} });
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.error.code, 'settings_no_endpoint');
  await popup.locator('.error-message').getByText('No model endpoint is set up.').waitFor();
  await popup.locator('.error-hint').getByText(/Open the options page/).waitFor();
  assert.equal(chatRequests(session).length, 0);
});

test('unreachable endpoint is reported', async () => {
  await configure(session, { settings: endpointSettings('http://127.0.0.1:9/v1') });
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.error.code, 'stage_unreachable');
  await popup.locator('.error-message').getByText(/Could not connect to Test server \(http:\/\/127\.0\.0\.1:9\/v1\)/).waitFor();
});
