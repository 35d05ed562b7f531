// An API key goes to its endpoint and nowhere else: after runs that succeed
// and fail, it is in no storage area except the key entry, in no console
// message of any extension context, in no run view, error or post, and in
// no request except the endpoint's. With two endpoints on two origins,
// each key reaches only its own. (Exports are checked in
// options-more.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  chatRequests,
  configure,
  currentWorker,
  endpointSettings,
  openArticle,
  openPopup,
  readClipboard,
  script,
  startSession,
  waitForRunEnd,
} from './harness.mjs';
import { startModelServer } from '../server/model-server.mjs';

const KEY = 'sk-test-4f9c2e7a1b8d6053-secret';

let session;
/** Every console message of every page and worker of the extension. */
const consoleLines = [];

function listen(target) {
  target.on('console', (message) => consoleLines.push(message.text()));
}

before(async () => {
  session = await startSession();
  session.context.on('page', listen);
  for (const page of session.context.pages()) listen(page);
  session.context.on('serviceworker', listen);
  listen(await currentWorker(session));
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`), keys: { default: KEY } });
});

after(async () => {
  await session?.close();
});

async function everythingStored() {
  return session.control.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    session: await chrome.storage.session.get(null),
    sync: await chrome.storage.sync.get(null),
  }));
}

test('key reaches only its endpoint', async () => {
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  await openPopup(session, tabId);
  const done = await waitForRunEnd(session, tabId);
  assert.equal(done.status, 'done', JSON.stringify(done.error));
  const clipboard = await readClipboard(session);

  // A failing run: the provider echoes the key in its error, as OpenAI does.
  await script(session, [{ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' } } }]);
  const second = await openArticle(session, `${session.pages.url}/wapo-1/`);
  const popup = await openPopup(session, second.tabId);
  const failed = await waitForRunEnd(session, second.tabId);
  assert.equal(failed.error.code, 'stage_unauthorized');
  await popup.locator('.error-message').getByText(/Incorrect API key provided: \[redacted\]/).waitFor();
  const popupText = await popup.locator('body').innerText();

  for (const request of chatRequests(session)) {
    assert.equal(request.headers.authorization, `Bearer ${KEY}`, 'the endpoint receives the key');
  }

  const stored = await everythingStored();
  assert.equal(stored.local.keys.default, KEY, 'the key entry holds the key');
  const { keys: _keys, ...localWithoutKeys } = stored.local;
  const places = {
    'local storage (other entries)': JSON.stringify(localWithoutKeys),
    'session storage': JSON.stringify(stored.session),
    'sync storage': JSON.stringify(stored.sync),
    'console messages': consoleLines.join('\n'),
    'post (Markdown)': clipboard['text/plain'],
    'post (HTML)': clipboard['text/html'],
    'failed run view': JSON.stringify(failed),
    popup: popupText,
  };
  for (const [place, text] of Object.entries(places)) {
    assert.ok(!text.includes(KEY), `the key appears in ${place}`);
    assert.ok(!text.includes(KEY.slice(3, 19)), `part of the key appears in ${place}`);
  }
});

test('two keys reach only their endpoints', async () => {
  const other = await startModelServer();
  try {
    const otherKey = 'sk-second-endpoint-93e1c0d4b7a2';
    const settings = {
      endpoints: [
        { id: 'first', name: 'First', kind: 'openai', baseUrl: `${session.model.url}/v1`, model: 'test-model' },
        { id: 'second', name: 'Second', kind: 'openai', baseUrl: `${other.url}/v1`, model: 'test-model' },
      ],
      stages: { post: { endpointId: 'first' }, title: { endpointId: 'second' }, description: { endpointId: 'second' } },
    };
    await configure(session, { settings, keys: { first: KEY, second: otherKey } });
    const firstBefore = session.model.state.requests.length;

    const { tabId } = await openArticle(session, `${session.pages.url}/bbc-1/`);
    await openPopup(session, tabId);
    const view = await waitForRunEnd(session, tabId);
    assert.equal(view.status, 'done', JSON.stringify(view.error));

    const firstRequests = session.model.state.requests.slice(firstBefore);
    const secondRequests = other.state.requests;
    assert.equal(firstRequests.length, 1, 'the post stage calls the first endpoint');
    assert.equal(secondRequests.length, 2, 'the title and description stages call the second');
    for (const request of firstRequests) {
      assert.equal(request.headers.authorization, `Bearer ${KEY}`);
      assert.ok(!JSON.stringify(request).includes(otherKey), 'the second key never reaches the first endpoint');
    }
    for (const request of secondRequests) {
      assert.equal(request.headers.authorization, `Bearer ${otherKey}`);
      assert.ok(!JSON.stringify(request).includes(KEY), 'the first key never reaches the second endpoint');
    }
  } finally {
    await other.close();
  }
});
