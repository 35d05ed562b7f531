// In Firefox the wasm core runs in the background page itself. After a
// panic that page reloads, the failed run stays on record, and the next
// run works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { endpointSettings } from '../harness.mjs';
import { clickMenu, configure, openArticle, startSession, waitForRunEnd } from './harness.mjs';

let session;

before(async () => {
  session = await startSession();
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

test('core panic in Firefox, then recovery', { timeout: 180_000 }, async () => {
  const broken = await openArticle(session, `${session.pages.url}/ars-1/?__panic_for_tests__`);
  await clickMenu(session, broken.tabId);
  const failed = await waitForRunEnd(session, broken.tabId);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error.code, 'core_panic');
  assert.match(failed.error.args[0], /test hook: the page URL asks for a panic/);

  const healthy = await openArticle(session, `${session.pages.url}/wapo-1/`);
  await clickMenu(session, healthy.tabId);
  const done = await waitForRunEnd(session, healthy.tabId);
  assert.equal(done.status, 'done', JSON.stringify(done.error));
  assert.equal(done.clipboard, 'written');
});
