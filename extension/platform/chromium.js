/**
 * Chromium's side of the runner and of the clipboard.
 *
 * The runner lives in an offscreen document for two reasons. Chromium stops
 * a service worker when one `fetch()` waits more than 30 seconds for its
 * response, which model calls often do, and a service worker has no
 * clipboard. Firefox's background page has a clipboard and can be kept
 * awake through long requests, so firefox.js runs the runner there. It
 * exports the same functions as this file.
 */

const RUNNER_URL = 'extension/offscreen/offscreen.html';

let creating = null;

/** Makes sure the runner's document exists. */
export async function ensureRunner() {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: ['OFFSCREEN_DOCUMENT'],
    documentUrls: [chrome.runtime.getURL(RUNNER_URL)],
  });
  if (contexts.length > 0) return;

  creating ??= chrome.offscreen
    .createDocument({
      url: RUNNER_URL,
      reasons: ['CLIPBOARD'],
      justification: 'Runs model requests that outlast the service worker and copies the finished post to the clipboard.',
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

/** Sends a `runner.*` message to the runner, creating it first. */
export async function sendToRunner(message) {
  await ensureRunner();
  return chrome.runtime.sendMessage(message);
}

/** Asks the runner for a message only if it already exists; null otherwise. */
export async function askRunnerIfRunning(message) {
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (contexts.length === 0) return null;
  return chrome.runtime.sendMessage(message);
}

/** Replaces the runner, after its wasm core stopped with a panic. */
export async function restartRunner() {
  try {
    await chrome.offscreen.closeDocument();
  } catch {
    // Already closed.
  }
}

/** True when the toolbar popup is open, so a notification would be noise. */
export async function isPopupOpen() {
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['POPUP'] });
  return contexts.length > 0;
}

/**
 * Delivers the runner's broadcasts to `handle` as well. Nothing to do here:
 * the offscreen document's broadcasts reach the service worker as messages.
 */
export function listenToRunner() {}
