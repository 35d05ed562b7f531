/**
 * The offscreen document that hosts the runner in Chromium.
 *
 * It handles `runner.*` messages, broadcasts run views as they change, and
 * writes the clipboard, which a service worker cannot.
 */
import { Message } from '../shared/protocol.js';
import { answerRunnerMessage, createRunner } from '../runner/runner.js';
import { writeClipboard } from '../shared/clipboard.js';

function broadcast(message) {
  chrome.runtime.sendMessage(message).catch(() => {
    // No page is listening, and the worker will be woken by the next message.
  });
}

const runner = createRunner({
  publish: (view, persist) => broadcast({ what: Message.RUN_UPDATE, view, persist }),
  finish: (view, data) => broadcast({ what: Message.RUN_FINISHED, view, data }),
  writeClipboard: async (flavours) => writeClipboard(flavours),
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  const answer = answerRunnerMessage(runner, message);
  if (answer !== undefined) sendResponse(answer);
  return false;
});
