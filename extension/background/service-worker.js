/**
 * The service worker: entry points and the message dispatcher.
 *
 * Every listener is registered synchronously at the top level, as Manifest
 * V3 requires for events to wake the worker. Requests from extension pages
 * are dispatched on their `what` field. Messages for the runner (`runner.*`)
 * and messages from anything but this extension's own pages are ignored.
 */
import { Message, isRunnerMessage } from '../shared/protocol.js';
import { registerMenus, triggerForMenuClick } from './menus.js';
import { cancelRun, openRun, recordFinished, recordUpdate, regenerateStage, retryRun, startLinkRun, startRun } from './runs.js';
import { loadRunView } from '../shared/storage.js';

/** Runs the handler of a menu click; exported for automated tests (see README). */
function handleMenuClick(info, tab) {
  const trigger = triggerForMenuClick(info);
  if (!trigger || !tab?.id) return Promise.resolve(null);
  if (trigger === 'link') return startLinkRun({ url: info.linkUrl, tabId: tab.id });
  return startRun({ tabId: tab.id, trigger });
}

const handlers = {
  [Message.OPEN_RUN]: (message) => openRun(message),
  [Message.START_RUN]: (message) => startRun(message),
  [Message.RETRY_RUN]: (message) => retryRun(message),
  [Message.REGENERATE_STAGE]: (message) => regenerateStage(message),
  [Message.START_LINK_RUN]: (message) => startLinkRun(message),
  [Message.CANCEL_RUN]: (message) => cancelRun(message),
  [Message.GET_RUN]: (message) => loadRunView(message.runId),
  [Message.RUN_UPDATE]: (message) => (message.persist ? recordUpdate(message.view) : null),
  [Message.RUN_FINISHED]: (message) => recordFinished(message.view, message.data),
};

function isOwnPage(sender) {
  return sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

chrome.runtime.onInstalled.addListener(registerMenus);

chrome.contextMenus.onClicked.addListener((info, tab) => {
  handleMenuClick(info, tab).catch((error) => console.error('Summarize to Post: menu run failed', error));
});

chrome.notifications.onClicked.addListener(() => {
  chrome.action.openPopup?.().catch(() => {});
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (isRunnerMessage(message) || !isOwnPage(sender)) return false;
  const handler = handlers[message?.what];
  if (!handler) return false;

  Promise.resolve()
    .then(() => handler(message))
    .then((result) => sendResponse({ ok: true, result }))
    .catch((error) => sendResponse({ ok: false, error: String(error?.message ?? error) }));
  return true;
});

// The automation interface for end-to-end tests, documented in the README.
globalThis.summarizeToPost = Object.freeze({
  startRun,
  startLinkRun,
  openRun,
  retryRun,
  regenerateStage,
  cancelRun,
  getRun: loadRunView,
  handleMenuClick,
});
