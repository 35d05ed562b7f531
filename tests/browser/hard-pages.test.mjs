// Pages that break naive code: 20 MB of HTML, 10,000-deep nesting, no
// body, frames, templates and shadow DOM, binary junk served as text/html,
// and a page that changes while it is read. Each yields a post or a clear
// message (binary junk always the message), and the extension stays usable
// after it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  PAGES_DIR,
  chatRequests,
  clickMenu,
  configure,
  endpointSettings,
  openArticle,
  startSession,
  waitForRunEnd,
} from './harness.mjs';

/** Reports a user can act on; a panic or a lost run is never one of them. */
const CLEAR_FAILURES = new Set(['extract_no_text', 'extract_not_an_article', 'page_too_large', 'stage_too_many_parts']);

/** Paragraphs of a real article, reused to build the generated pages. */
const ARTICLE = readFileSync(join(PAGES_DIR, 'ars-1', 'source.html'), 'utf8')
  .match(/<p>[\s\S]*?<\/p>/g)
  .slice(0, 12)
  .join('\n');

function html(body, head = '<title>Generated page</title>') {
  return { type: 'text/html; charset=utf-8', body: `<!doctype html><html><head>${head}</head><body>${body}</body></html>` };
}

const routes = {
  // 20 MB of navigation around a normal article.
  '/huge-markup/': () => {
    const nav = '<div class="nav-item"><a href="/section/news">Section news and more</a></div>\n'.repeat(260_000);
    return html(`<nav>${nav}</nav><article><h1>Huge page</h1>${ARTICLE}</article>`);
  },
  // 20 MB of article text.
  '/huge-text/': () => {
    const paragraph = `<p>${'The harbour authority reported steady growth in container traffic this year. '.repeat(40)}</p>\n`;
    return html(`<article><h1>Endless report</h1>${paragraph.repeat(6_500)}</article>`);
  },
  '/deep/': () => html(`${'<div>'.repeat(10_000)}<article><h1>Deep page</h1>${ARTICLE}</article>${'</div>'.repeat(10_000)}`),
  '/no-body/': () => ({ type: 'text/html', body: '<title>Only a title</title>' }),
  '/frames/': () => ({
    type: 'text/html',
    body: '<!doctype html><html><head><title>Frames</title></head><frameset cols="50%,50%"><frame src="/ars-1/"><frame src="/wapo-1/"></frameset></html>',
  }),
  '/template-shadow/': () =>
    html(
      `<template><p>TEMPLATE DECOY sentence that is never shown to anyone reading this page.</p></template>
       <div id="host"></div>
       <script>
         const root = document.getElementById('host').attachShadow({ mode: 'open' });
         root.innerHTML = ${JSON.stringify(`<article><h1>Shadow article</h1><p>SHADOW TEXT opens the article inside a shadow root.</p>${ARTICLE}</article>`)};
       </script>`,
    ),
  '/binary/': () => ({ type: 'text/html', body: randomBytes(300_000) }),
  '/mutating/': () =>
    html(
      `<article><h1>Live page</h1>${ARTICLE}<div id="ticker"></div></article>
       <script>
         setInterval(() => {
           const ticker = document.getElementById('ticker');
           for (let i = 0; i < 50; i += 1) ticker.append(Object.assign(document.createElement('p'), { textContent: 'tick ' + Math.random() }));
           while (ticker.children.length > 200) ticker.firstChild.remove();
         }, 1);
       </script>`,
    ),
};

let session;

before(async () => {
  session = await startSession({ routes });
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`) });
});

after(async () => {
  await session?.close();
});

/** Runs the context-menu path on a generated page and returns the ended run. */
async function summarize(path) {
  session.model.state.requests = [];
  const { tabId } = await openArticle(session, `${session.pages.url}${path}`);
  await clickMenu(session, tabId);
  return waitForRunEnd(session, tabId, 180_000);
}

function assertPostOrClearMessage(view, path) {
  if (view.status === 'done') {
    assert.equal(view.clipboard, 'written', path);
    return;
  }
  assert.equal(view.status, 'failed', `${path}: ${JSON.stringify(view.error)}`);
  assert.ok(CLEAR_FAILURES.has(view.error.code), `${path} failed with ${view.error.code}: ${view.error.message}`);
  assert.ok(view.error.message && view.error.hint, `${path} has a message and a hint`);
}

for (const path of ['/huge-markup/', '/huge-text/', '/deep/', '/no-body/', '/frames/', '/mutating/']) {
  test(`hard page ${path} ends clearly`, { timeout: 240_000 }, async () => {
    const view = await summarize(path);
    assertPostOrClearMessage(view, path);
  });
}

test('binary junk reported as not text', { timeout: 240_000 }, async () => {
  const view = await summarize('/binary/');
  assert.equal(view.status, 'failed', 'binary junk never becomes a post');
  assert.equal(view.error.code, 'extract_not_an_article', view.error.message);
  assert.match(view.error.message, /mostly not readable text/);
  assert.ok(view.error.hint, 'the message has a hint');
  assert.equal(chatRequests(session).length, 0, 'no model call was made');
});

test('huge markup still yields the article', { timeout: 240_000 }, async () => {
  const view = await summarize('/huge-markup/');
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const prompt = chatRequests(session)[0].body.messages.at(-1).content;
  assert.ok(prompt.includes('Minecraft'), 'the article text reached the model');
  assert.ok(!prompt.includes('Section news and more'), 'the navigation did not');
});

test('shadow root read, template ignored', { timeout: 120_000 }, async () => {
  const view = await summarize('/template-shadow/');
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const prompt = chatRequests(session)[0].body.messages.at(-1).content;
  assert.ok(prompt.includes('SHADOW TEXT'), 'text in the open shadow root reached the model');
  assert.ok(!prompt.includes('TEMPLATE DECOY'), 'template content did not');
});

test('extension works after hard pages', { timeout: 120_000 }, async () => {
  const view = await summarize('/ars-1/');
  assert.equal(view.status, 'done', JSON.stringify(view.error));
});
