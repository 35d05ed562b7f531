// Runs through the extension against each kind of endpoint, with the
// browser's own requests: Anthropic (which rejects browser origins without
// its header), Gemini, Ollama's native API and its empty 403 for extension
// origins, the image stage, and the browser's built-in model.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import {
  ARTIFACTS_DIR,
  configure,
  kindSettings,
  modelRequests,
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

beforeEach(() => {
  session.model.state.requests = [];
  session.model.state.script = [];
  serverOptions(session, {});
});

after(async () => {
  await session?.close();
});

async function runOn(settings, keys = {}) {
  await configure(session, { settings, keys });
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  return { view, popup, tabId };
}

test('anthropic run sends browser header', async () => {
  const { view } = await runOn(kindSettings('anthropic', session.model.url, { model: 'claude-3-5-haiku-latest' }), { default: 'sk-ant-test' });
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const requests = modelRequests(session);
  assert.equal(requests.length, 3);
  for (const request of requests) {
    assert.equal(request.status, 200);
    assert.match(request.headers.origin, /^chrome-extension:\/\//, 'the browser sent its origin');
    assert.equal(request.headers['anthropic-dangerous-direct-browser-access'], 'true');
  }
  const clipboard = await readClipboard(session);
  assert.ok(clipboard['text/plain'].includes(`AI: claude-3-5-haiku-20241022: ${requests[0].responseId}`));
});

test('anthropic retry resumes at title', async () => {
  await script(session, [{}, { fail: 'spend_limit' }]);
  const { view, popup, tabId } = await runOn(kindSettings('anthropic', session.model.url, { model: 'claude-3-5-haiku-latest' }), { default: 'sk-ant-test' });
  assert.equal(view.status, 'failed');
  assert.equal(view.error.code, 'stage_quota_exceeded');
  assert.equal(view.error.stage, 'title');
  await popup.bringToFront();
  await popup.locator('.error-hint').getByText(/retrying now will not help/).waitFor();

  const before = modelRequests(session).length;
  await popup.getByRole('button', { name: 'Retry' }).click();
  await popup.getByText(/on the clipboard/).waitFor({ timeout: 30_000 });
  assert.equal(modelRequests(session).length - before, 2, 'only the title and description stages ran again');
  const done = await waitForRunEnd(session, tabId);
  assert.equal(done.status, 'done');
});

test('gemini run quotes response ids', async () => {
  const { view } = await runOn(kindSettings('gemini', session.model.url, { model: 'gemini-2.0-flash' }), { default: 'AIza-test' });
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const requests = modelRequests(session);
  assert.ok(requests.every((request) => request.headers['x-goog-api-key'] === 'AIza-test'));
  const clipboard = await readClipboard(session);
  assert.ok(clipboard['text/plain'].includes(`AI: gemini-2.0-flash-001: ${requests[1].responseId}`));
});

test('ollama 403 names origins fix', async () => {
  serverOptions(session, { rejectExtensionOrigins: true });
  const { view, popup } = await runOn(kindSettings('ollama', session.model.url, { model: 'llama3.2' }));
  assert.equal(view.status, 'failed');
  assert.equal(view.error.code, 'stage_ollama_origin');
  await popup.bringToFront();
  await popup.locator('.error-hint').getByText('Start Ollama with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* and restart it.', { exact: true }).waitFor();
  await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-ollama-403.png') });
});

test('ollama run sets context window', async () => {
  const { view } = await runOn(kindSettings('ollama', session.model.url, { model: 'llama3.2', contextTokens: 16384 }));
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const requests = modelRequests(session);
  assert.ok(requests.every((request) => request.body.options.num_ctx === 16384));
  assert.ok(requests.every((request) => !request.truncatedPrompt), 'no prompt was cut by the server');
  const clipboard = await readClipboard(session);
  assert.ok(clipboard['text/plain'].includes('AI: llama3.2:latest: no response id returned'));
});

test('image lands in post and downloads', async () => {
  const settings = kindSettings('openai', `${session.model.url}/v1`, { stages: { image: { enabled: true, model: 'dall-e-3', quality: 'hd' } } });
  const { view, popup } = await runOn(settings, { default: 'sk-test' });
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const image = modelRequests(session).at(-1);
  assert.equal(image.path, '/v1/images/generations');
  assert.equal(image.body.response_format, 'b64_json');

  const clipboard = await readClipboard(session);
  assert.match(clipboard['text/html'], /<img src="data:image\/png;base64,iVBOR/);
  assert.match(clipboard['text/plain'], /AI: dall-e-3: no response id \(the Images API returns none\); created \d+/);
  assert.match(clipboard['text/plain'], /Revised prompt: A detailed rendering/);

  await popup.bringToFront();
  const download = popup.waitForEvent('download');
  await popup.getByRole('button', { name: 'Download image' }).click();
  assert.match((await download).suggestedFilename(), /^post-image-\d+\.png$/);
});

test('built-in model reports its state', async () => {
  const availability = await session.control.evaluate(async () =>
    'LanguageModel' in globalThis ? globalThis.LanguageModel.availability({ expectedOutputs: [{ type: 'text', languages: ['en'] }] }) : 'unavailable',
  );
  const { view, popup } = await runOn(kindSettings('builtin', '', { model: '' }));
  assert.equal(modelRequests(session).length, 0, 'no HTTP request');
  if (availability === 'available') {
    assert.equal(view.status, 'done', JSON.stringify(view.error));
    return;
  }
  const expected = availability === 'unavailable' ? 'stage_builtin_unavailable' : 'stage_builtin_not_ready';
  assert.equal(view.error.code, expected, `availability ${availability}`);
  await popup.bringToFront();
  await popup.locator('.error-hint').waitFor();
});
