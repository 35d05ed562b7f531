// A panic in the wasm core reaches the user as a message with details to
// copy, and the extension stays usable: the next run works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { configure, endpointSettings, openArticle, openPopup, startSession, waitForRunEnd } from './harness.mjs';

let session;

before(async () => {
  session = await startSession();
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

test('core panic is reported, then recovered', async () => {
  const broken = await openArticle(session, `${session.pages.url}/ars-1/?__panic_for_tests__`);
  const popup = await openPopup(session, broken.tabId);
  const failed = await waitForRunEnd(session, broken.tabId);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error.code, 'core_panic');
  assert.match(failed.error.args[0], /test hook: the page URL asks for a panic/);

  await popup.locator('.error-message').getByText(/The extension's core stopped with an internal error/).waitFor();
  await popup.getByText('Details', { exact: true }).click();
  await popup.getByRole('button', { name: 'Copy details' }).waitFor();
  assert.match(await popup.locator('.error-details').innerText(), /"code": "core_panic"/);

  // The runner was replaced, so the next run works.
  const healthy = await openArticle(session, `${session.pages.url}/wapo-1/`);
  await openPopup(session, healthy.tabId);
  const done = await waitForRunEnd(session, healthy.tabId);
  assert.equal(done.status, 'done', JSON.stringify(done.error));
});
