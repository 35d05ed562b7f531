/**
 * The extension's one message protocol.
 *
 * Every runtime message is an object with a `what` field naming one of the
 * kinds below. The service worker handles the `run*` requests from extension
 * pages. The runner (the offscreen document in Chromium) handles the
 * `runner.*` ones. The runner broadcasts `run.update` and `run.finished` to
 * every extension page that listens. A listener that does not own a kind ignores it,
 * so that only one context answers each request.
 */
export const Message = Object.freeze({
  /** Page → worker: start a run on a tab, or return the one already there. */
  OPEN_RUN: 'openRun',
  /** Page → worker: start a new run on a tab even if one finished. */
  START_RUN: 'startRun',
  /** Page → worker: resume a failed run from its failed stage. */
  RETRY_RUN: 'retryRun',
  /** Page → worker: run one finished stage again, and the stages after it. */
  REGENERATE_STAGE: 'regenerateStage',
  /** Page → worker: fetch a linked page and summarize it, without opening it. */
  START_LINK_RUN: 'startLinkRun',
  /** Page → worker: cancel a running run. */
  CANCEL_RUN: 'cancelRun',
  /** Page → worker: return the stored view of a run. */
  GET_RUN: 'getRun',

  /** Worker → runner: run a job. */
  RUNNER_START: 'runner.start',
  /** Worker → runner: cancel a job. */
  RUNNER_CANCEL: 'runner.cancel',
  /** Page → runner: return the live view of a run, with its streaming text. */
  RUNNER_VIEW: 'runner.view',
  /** Worker → runner: write text/html and text/plain to the clipboard. */
  RUNNER_COPY: 'runner.copy',

  /** Runner → all: a run's view changed. */
  RUN_UPDATE: 'run.update',
  /** Runner → all: a run ended; carries the data needed to retry it. */
  RUN_FINISHED: 'run.finished',
});

/** Returns true when a message kind belongs to the runner. */
export function isRunnerMessage(message) {
  return typeof message?.what === 'string' && message.what.startsWith('runner.');
}
