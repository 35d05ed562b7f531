// Helpers for end-to-end tests: a headless Chromium with the built test
// extension loaded, the local model and page servers, and the calls that
// drive the extension the way the README describes for outside tests.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { startModelServer } from '../server/model-server.mjs';
import { startPageServer } from '../server/page-server.mjs';

const root = new URL('../..', import.meta.url).pathname;
export const EXTENSION_DIR = join(root, 'dist', 'chromium-test');
export const PAGES_DIR = join(root, 'tests', 'pages');
export const ARTIFACTS_DIR = join(root, 'tests', 'browser', 'artifacts');
/** Screenshots shown in the README, written only when UPDATE_SCREENSHOTS=1. */
export const SCREENSHOTS_DIR = join(root, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Starts Chromium with the extension, a page server (with `replacements`
 * applied to its pages and generated `routes`) and, unless `modelServer` is
 * false, the test model server. Resolves to `{context,
 * worker, control, extensionId, model, pages, close}`.
 */
export async function startSession({ modelServer = true, replacements = {}, routes = {} } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'stp-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 800 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const model = modelServer ? await startModelServer() : null;
  const pages = await startPageServer({ root: PAGES_DIR, replacements, routes });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });

  // An extension page for reading storage and the clipboard, so that tests
  // need the service worker only to start runs.
  const control = await context.newPage();
  await control.goto(`chrome-extension://${extensionId}/test/clipboard.html`);

  return {
    context,
    worker,
    control,
    extensionId,
    model,
    pages,
    async close() {
      await context.close();
      await model?.close();
      await pages.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Stores settings and keys as the options page would. */
export async function configure(session, { settings, keys = {} }) {
  await session.control.evaluate(
    ([storedSettings, storedKeys]) => chrome.storage.local.set({ settings: storedSettings, keys: storedKeys }),
    [settings, keys],
  );
}

/** Returns the live service worker, which may have been restarted since the session began. */
export async function currentWorker(session) {
  const worker = session.context.serviceWorkers().find((entry) => entry.url().includes(session.extensionId));
  session.worker = worker ?? (await session.context.waitForEvent('serviceworker'));
  return session.worker;
}

/**
 * Stops the extension's service worker, as Chromium does after 30 idle
 * seconds. Resolves to true once DevTools reports the worker stopped; the
 * browser may start it again right after, for the next event.
 */
export async function stopServiceWorker(session) {
  const cdp = await session.context.newCDPSession(session.control);
  try {
    let sawStop;
    const stoppedOnce = new Promise((resolve) => {
      sawStop = resolve;
    });
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      const ours = versions.filter((version) => version.scriptURL.startsWith(`chrome-extension://${session.extensionId}/`));
      if (ours.some((version) => version.runningStatus === 'stopped')) sawStop(true);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 10_000));
    return await Promise.race([stoppedOnce, timeout]);
  } finally {
    await cdp.detach();
  }
}

/** Returns settings with one OpenAI-compatible endpoint at `baseUrl`. */
export function endpointSettings(baseUrl, extra = {}) {
  return {
    endpoints: [{ id: 'default', name: 'Test server', kind: 'openai', baseUrl, model: 'test-model', ...extra }],
    stages: {},
  };
}

let articleCount = 0;

/**
 * Opens a page in a new tab; resolves to `{page, tabId, url}`. Unless
 * `unique` is false, a query string makes each tab's URL unique, so that a
 * test never finds the tab of an earlier test.
 */
export async function openArticle(session, address, { unique = true } = {}) {
  articleCount += 1;
  const url = unique ? `${address}${address.includes('?') ? '&' : '?'}tab=${articleCount}` : address;
  const page = await session.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await tabIdFor(session, url);
  return { page, tabId, url };
}

/** Returns the id of the active tab, for pages whose URL extensions cannot see. */
export async function activeTabId(session, page) {
  await page.bringToFront();
  return session.control.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id;
  });
}

/** Returns the id of the tab showing `url`. */
export async function tabIdFor(session, url) {
  return session.control.evaluate(async (target) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((entry) => entry.url === target);
    if (!tab) throw new Error(`no tab shows ${target}; tabs: ${tabs.map((entry) => entry.url).join(', ')}`);
    return tab.id;
  }, url);
}

/** Opens the popup for a tab in a page of popup size, as the toolbar button would. */
export async function openPopup(session, tabId) {
  const popup = await session.context.newPage();
  await popup.setViewportSize({ width: 440, height: 640 });
  await popup.goto(`chrome-extension://${session.extensionId}/extension/popup/popup.html?tabId=${tabId}`);
  return popup;
}

/** Clicks the "Summarize to post" menu entry for a tab, through the worker's own handler. */
export async function clickMenu(session, tabId, info = {}) {
  const worker = await currentWorker(session);
  return worker.evaluate(
    async ([id, extra]) => {
      const tab = await chrome.tabs.get(id);
      return globalThis.summarizeToPost.handleMenuClick({ menuItemId: 'summarize-to-post', ...extra }, tab);
    },
    [tabId, info],
  );
}

/** Waits until the latest run of a tab has ended; resolves to its view. */
export async function waitForRunEnd(session, tabId, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await session.control.evaluate(async (id) => {
      const key = `tabRun:${id}`;
      const runId = (await chrome.storage.session.get(key))[key];
      return runId ? (await chrome.storage.session.get(`run:${runId}`))[`run:${runId}`] : null;
    }, tabId);
    if (view && ['done', 'failed', 'cancelled'].includes(view.status)) return view;
    if (Date.now() > deadline) throw new Error(`run on tab ${tabId} did not end: ${JSON.stringify(view)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Reads both clipboard flavours through the test build's reader page. */
export async function readClipboard(session) {
  await session.control.bringToFront();
  await session.control.waitForFunction(() => typeof globalThis.readClipboard === 'function');
  return session.control.evaluate(() => globalThis.readClipboard());
}

/** Puts a known text on the clipboard, so a test can tell whether a run wrote it. */
export async function fillClipboard(session, text) {
  await session.control.bringToFront();
  await session.control.evaluate((value) => navigator.clipboard.writeText(value), text);
}

/** Returns the notifications the extension shows, by id. */
export async function notifications(session) {
  return session.control.evaluate(() => new Promise((resolve) => chrome.notifications.getAll(resolve)));
}

/** Queues scripted responses on the model server. */
export async function script(session, answers) {
  session.model.state.script.push(...answers);
}

/** Returns the chat requests the model server received. */
export function chatRequests(session) {
  return session.model.state.requests.filter((request) => request.path.endsWith('/chat/completions'));
}

/** Sets options of the model server, such as `contextTokens` or `rejectExtensionOrigins`. */
export function serverOptions(session, options) {
  session.model.state.options = { ...options };
}

/** Returns the model requests (any provider) the server received, in order. */
export function modelRequests(session) {
  return session.model.state.requests.filter((request) => request.chat || request.path.endsWith('/images/generations'));
}

/** Returns settings with one endpoint of `kind` at `baseUrl`, and `stages`. */
export function kindSettings(kind, baseUrl, { model = 'test-model', stages = {}, ...extra } = {}) {
  return {
    endpoints: [{ id: 'default', name: 'Test server', kind, baseUrl, model, ...extra }],
    stages,
  };
}

/**
 * Saves a screenshot of `page` as `name` among the test artifacts and, when
 * UPDATE_SCREENSHOTS=1 is set, as the README's picture of the same name.
 */
export async function screenshot(page, name, options = {}) {
  await page.screenshot({ path: join(ARTIFACTS_DIR, name), ...options });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS_DIR, name), ...options });
  }
}

/** Opens the options page and waits until it has filled its form. */
export async function openOptions(session) {
  const options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/extension/options/options.html`);
  await options.locator('.endpoint').first().waitFor();
  await options.locator('#origins li').first().waitFor();
  return options;
}
