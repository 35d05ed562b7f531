// "Summarize linked article": a link to another origin that the extension
// may read is fetched and summarised without opening a tab; a link to an
// origin it may not read opens a page that explains and asks, and says
// what happens when the user declines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startPageServer } from '../server/page-server.mjs';
import { PAGES_DIR, configure, currentWorker, endpointSettings, openArticle, readClipboard, startSession, waitForRunEnd } from './harness.mjs';

let session;
let otherPages;

before(async () => {
  session = await startSession();
  otherPages = await startPageServer({ root: PAGES_DIR });
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
  await otherPages?.close();
});

async function clickLink(tabId, linkUrl) {
  const worker = await currentWorker(session);
  return worker.evaluate(
    async ([id, url]) => {
      const tab = await chrome.tabs.get(id);
      const view = await globalThis.summarizeToPost.handleMenuClick({ menuItemId: 'summarize-link', linkUrl: url }, tab);
      return view?.id ?? null;
    },
    [tabId, linkUrl],
  );
}

async function tabUrls() {
  return session.control.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.url));
}

test('linked article is summarized unopened', async () => {
  const { tabId, url: pageUrl } = await openArticle(session, `${session.pages.url}/ars-1/`);
  const linkUrl = `${otherPages.url}/wapo-1/`;
  assert.notEqual(new URL(linkUrl).origin, new URL(pageUrl).origin, 'the link is on another origin');
  const tabsBefore = await tabUrls();

  const runId = await clickLink(tabId, linkUrl);
  assert.ok(runId, 'a run started');
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  assert.equal(view.trigger, 'link');
  assert.equal(view.url, linkUrl);
  assert.deepEqual(await tabUrls(), tabsBefore, 'no tab was opened');

  const clipboard = await readClipboard(session);
  assert.ok(clipboard['text/plain'].includes(view.article.url), 'the post credits the linked article');
  assert.ok(view.article.url.startsWith(otherPages.url) || view.article.url.includes('washingtonpost'), view.article.url);
});

test('missing linked page is reported', async () => {
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  await clickLink(tabId, `${otherPages.url}/no-such-page/`);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'failed');
  assert.equal(view.error.code, 'link_http_error');
  assert.deepEqual(view.error.args, [`${otherPages.url}/no-such-page/`, '404']);
});

test('link to unallowed origin asks first', async () => {
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  const port = new URL(otherPages.url).port;
  const linkUrl = `http://localhost:${port}/bbc-1/`;
  const requestsBefore = session.model.state.requests.length;

  const asking = session.context.waitForEvent('page');
  const runId = await clickLink(tabId, linkUrl);
  assert.equal(runId, null, 'no run starts before the user allows');
  const page = await asking;
  await page.waitForLoadState();
  assert.ok(page.url().includes('/extension/allow/allow.html'), page.url());
  await page.getByText(`To summarize ${linkUrl} without opening it, the extension needs your permission to read pages on localhost:${port}.`).waitFor();

  await page.getByRole('button', { name: "Don't allow" }).click();
  await page.getByText(`Nothing was fetched. To summarize ${linkUrl} anyway`, { exact: false }).waitFor();
  assert.equal(session.model.state.requests.length, requestsBefore, 'no model request was made');
  assert.ok(!(await tabUrls()).includes(linkUrl), 'the link was not opened');
});
