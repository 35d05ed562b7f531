// Helpers for end-to-end tests in Firefox: headless Firefox ESR driven by
// selenium-webdriver through geckodriver, with dist/firefox-test installed
// as a temporary add-on, against the same local model and page servers as
// the Chromium tests. The calls mirror the Chromium harness, so that a test
// reads the same in both browsers.
//
// WebDriver may not navigate a tab to an extension page. Extension pages
// are opened from Firefox's own (chrome) context with
// `gBrowser.addTrustedTab`, which needs geckodriver's
// `--allow-system-access`. A fixed `moz-extension://` host comes from the
// `extensions.webextensions.uuids` preference.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Builder } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

import { FIREFOX_ADDON_ID } from '../../../scripts/lib/manifests.mjs';
import { startModelServer } from '../../server/model-server.mjs';
import { startPageServer } from '../../server/page-server.mjs';

const root = new URL('../../..', import.meta.url).pathname;
export const EXTENSION_DIR = join(root, 'dist', 'firefox-test');
export const PAGES_DIR = join(root, 'tests', 'pages');
export const ARTIFACTS_DIR = join(root, 'tests', 'browser', 'artifacts');
/** Screenshots shown in the README, written only when UPDATE_SCREENSHOTS=1. */
export const SCREENSHOTS_DIR = join(root, 'docs', 'screenshots');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER_PATH ?? join(root, '.cache', 'tools', 'bin', 'geckodriver');

/** The `moz-extension://` host of the test add-on, fixed by a preference. */
const EXTENSION_UUID = '6f1c2a3e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/**
 * Starts Firefox with the test add-on, a page server and, unless
 * `modelServer` is false, the model server. Resolves to `{driver, control,
 * model, pages, close}`, where `control` is the window handle of the
 * clipboard reader page, from which tests read storage and the clipboard.
 */
export async function startSession({ modelServer = true, preferences = {} } = {}) {
  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless')
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [FIREFOX_ADDON_ID]: EXTENSION_UUID }))
    // Keep Firefox from reaching for hosts outside this machine.
    .setPreference('network.captive-portal-service.enabled', false)
    .setPreference('network.connectivity-service.enabled', false)
    .setPreference('browser.safebrowsing.update.enabled', false)
    .setPreference('extensions.update.enabled', false)
    .setPreference('app.update.enabled', false);
  for (const [name, value] of Object.entries(preferences)) options.setPreference(name, value);

  const service = new firefox.ServiceBuilder(GECKODRIVER).addArguments('--allow-system-access');
  const driver = await new Builder().forBrowser(Browser.FIREFOX).setFirefoxOptions(options).setFirefoxService(service).build();

  let model = null;
  let pages = null;
  try {
    await driver.installAddon(EXTENSION_DIR, true);
    model = modelServer ? await startModelServer() : null;
    pages = await startPageServer({ root: PAGES_DIR });
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
  } catch (error) {
    await driver.quit();
    await model?.close();
    throw error;
  }

  const session = {
    driver,
    model,
    pages,
    control: null,
    async close() {
      await driver.quit();
      await model?.close();
      await pages.close();
    },
  };
  session.control = await openExtensionPage(session, 'test/clipboard.html');
  await waitFor(session, session.control, () => typeof globalThis.readClipboard === 'function');
  return session;
}

/** Opens an extension page in a new tab; resolves to its window handle. */
export async function openExtensionPage(session, path) {
  const { driver } = session;
  const before = new Set(await driver.getAllWindowHandles());
  await driver.setContext(firefox.Context.CHROME);
  try {
    await driver.executeScript('gBrowser.selectedTab = gBrowser.addTrustedTab(arguments[0]);', `${EXTENSION_ORIGIN}/${path}`);
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
  const handle = (await driver.getAllWindowHandles()).find((entry) => !before.has(entry));
  if (!handle) throw new Error(`no new tab appeared for ${path}`);
  await driver.switchTo().window(handle);
  return handle;
}

/** Runs `script` (a function, with JSON arguments) in the tab `handle`; resolves to its result. */
export async function evaluate(session, handle, script, ...args) {
  await session.driver.switchTo().window(handle);
  return session.driver.executeScript(`return (${script}).apply(null, arguments);`, ...args);
}

/** Waits until `condition` (a function) returns true in the tab `handle`. */
export async function waitFor(session, handle, condition, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await evaluate(session, handle, condition))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Stores settings and keys as the options page would. */
export async function configure(session, { settings, keys = {} }) {
  await evaluate(session, session.control, (stored, storedKeys) => chrome.storage.local.set({ settings: stored, keys: storedKeys }), settings, keys);
}

let articleCount = 0;

/** Opens a page in a new tab with a unique query; resolves to `{handle, tabId, url}`. */
export async function openArticle(session, address) {
  articleCount += 1;
  const url = `${address}${address.includes('?') ? '&' : '?'}tab=${articleCount}`;
  await session.driver.switchTo().newWindow('tab');
  await session.driver.get(url);
  const handle = await session.driver.getWindowHandle();
  const tabId = await evaluate(
    session,
    session.control,
    async (target) => (await chrome.tabs.query({})).find((tab) => tab.url === target)?.id ?? null,
    url,
  );
  if (tabId === null) throw new Error(`no tab shows ${url}`);
  return { handle, tabId, url };
}

/** Opens the popup for a tab in a tab of its own, as the toolbar button would; resolves to its handle. */
export async function openPopup(session, tabId) {
  return openExtensionPage(session, `extension/popup/popup.html?tabId=${tabId}`);
}

/** Clicks the "Summarize to post" menu entry for a tab, through the background page's own handler. */
export async function clickMenu(session, tabId, info = {}) {
  return evaluate(
    session,
    session.control,
    async (id, extra) => {
      const background = await chrome.runtime.getBackgroundPage();
      const tab = await chrome.tabs.get(id);
      const view = await background.summarizeToPost.handleMenuClick({ menuItemId: 'summarize-to-post', ...extra }, tab);
      return view?.id ?? null;
    },
    tabId,
    info,
  );
}

/** Waits until the latest run of a tab has ended; resolves to its view. */
export async function waitForRunEnd(session, tabId, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await evaluate(
      session,
      session.control,
      async (id) => {
        const key = `tabRun:${id}`;
        const runId = (await chrome.storage.session.get(key))[key];
        return runId ? (await chrome.storage.session.get(`run:${runId}`))[`run:${runId}`] : null;
      },
      tabId,
    );
    if (view && ['done', 'failed', 'cancelled'].includes(view.status)) return view;
    if (Date.now() > deadline) throw new Error(`run on tab ${tabId} did not end: ${JSON.stringify(view)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Reads both clipboard flavours through the test build's reader page. */
export async function readClipboard(session) {
  return evaluate(session, session.control, () => globalThis.readClipboard());
}

/** Puts a known text on the clipboard, so a test can tell whether a run wrote it. */
export async function fillClipboard(session, text) {
  await evaluate(session, session.control, (value) => navigator.clipboard.writeText(value), text);
}

/** Returns the ids of the notifications the extension showed since the session began. */
export async function shownNotificationIds(session) {
  return evaluate(session, session.control, () => globalThis.shownNotificationIds());
}

/** Returns the text of the first element matching `selector` in the tab `handle`. */
export async function textOf(session, handle, selector) {
  return evaluate(session, handle, (css) => document.querySelector(css)?.textContent ?? '', selector);
}

/**
 * Saves a full-page screenshot of the tab `handle` as `name` among the test
 * artifacts and, when UPDATE_SCREENSHOTS=1 is set, as the README's picture
 * of the same name.
 */
export async function screenshot(session, handle, name) {
  await session.driver.switchTo().window(handle);
  const png = Buffer.from(await session.driver.takeFullPageScreenshot(), 'base64');
  writeFileSync(join(ARTIFACTS_DIR, name), png);
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOTS_DIR, name), png);
  }
}
