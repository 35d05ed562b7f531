/**
 * Firefox's side of the runner and of the clipboard.
 *
 * Firefox has no offscreen documents, and needs none: its background is a
 * page, with a DOM and the clipboard. So the runner lives in the background
 * page itself, and messages to the runner become direct calls. A page does
 * not receive its own `runtime.sendMessage`, so the runner's broadcasts go
 * to the other pages (the popup) by message and to the background's own
 * handler by a call.
 *
 * The background page is an event page, which Firefox suspends after 30
 * idle seconds (`extensions.background.idle.timeout`), and a pending
 * `fetch()` does not count as activity. A call from the page to an API that
 * runs in Firefox's parent process restarts that timer, so while jobs run,
 * the page makes one every few seconds.
 */
import { answerRunnerMessage, createRunner } from '../runner/runner.js';
import { writeClipboard } from '../shared/clipboard.js';
import { Message } from '../shared/protocol.js';

/** Time between two calls that keep the page awake while jobs run, in milliseconds. */
const KEEP_AWAKE_INTERVAL_MS = 10_000;

let runner = null;
let backgroundHandler = null;
/** Ids of the runs under way in this page. */
const activeRuns = new Set();
let keepAwakeTimer = null;

function trackRun(runId, running) {
  if (running) activeRuns.add(runId);
  else activeRuns.delete(runId);

  if (activeRuns.size > 0 && keepAwakeTimer === null) {
    keepAwakeTimer = setInterval(() => chrome.runtime.getPlatformInfo(), KEEP_AWAKE_INTERVAL_MS);
  } else if (activeRuns.size === 0 && keepAwakeTimer !== null) {
    clearInterval(keepAwakeTimer);
    keepAwakeTimer = null;
  }
}

/** Sends a runner broadcast to the other pages and to the background's handler. */
function broadcast(message) {
  chrome.runtime.sendMessage(message).catch(() => {
    // No page is listening.
  });
  // A message arrives as a copy; the handler gets a copy too, so that it
  // never sees the runner change the view afterwards.
  const copy = structuredClone(message);
  backgroundHandler?.(copy).then((answer) => {
    if (!answer.ok) console.error(`Summarize to Post: handling ${copy.what} for run ${copy.view.id} failed: ${answer.error}`);
  });
}

/** Makes sure the runner exists in this page. */
export async function ensureRunner() {
  runner ??= createRunner({
    publish: (view, persist) => broadcast({ what: Message.RUN_UPDATE, view, persist }),
    finish: (view, data) => {
      trackRun(view.id, false);
      broadcast({ what: Message.RUN_FINISHED, view, data });
    },
    writeClipboard: async (flavours) => writeClipboard(flavours),
  });
}

/**
 * Hands a `runner.*` message to the runner, creating it first. The message
 * and the answer are copied, as a message between two pages would be, so
 * that neither side sees the other change a view later.
 */
export async function sendToRunner(message) {
  await ensureRunner();
  if (message.what === Message.RUNNER_START) trackRun(message.job.view.id, true);
  return structuredClone(answerRunnerMessage(runner, structuredClone(message)));
}

/** Hands a message to the runner only if it already exists; null otherwise. */
export async function askRunnerIfRunning(message) {
  if (!runner) return null;
  return structuredClone(answerRunnerMessage(runner, structuredClone(message)));
}

/**
 * Replaces the runner, after its wasm core stopped with a panic. The core
 * runs in this page and a panicked instance cannot be reused, so the page
 * reloads. Runs stored in session storage survive the reload; other runs
 * still under way in this page stop, as they do in Chromium when its
 * offscreen document closes.
 */
export async function restartRunner() {
  location.reload();
}

/** True when the toolbar popup is open, so a notification would be noise. */
export async function isPopupOpen() {
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['POPUP'] });
  return contexts.length > 0;
}

/**
 * Delivers the runner's broadcasts to `handle` as well, which resolves to
 * `{ok, error}`. The background calls this once at start-up.
 */
export function listenToRunner(handle) {
  backgroundHandler = handle;
}
