/**
 * The view of a run that pages display, and how events from the core change
 * it.
 *
 * The runner owns the live view and applies each event from the core to it
 * with `applyEvent`; pages only render views. A view holds no API key and no
 * article body, so it can be broadcast and stored freely.
 */

/** Creates the view of a run that is about to start. */
export function createView({ id, tabId, url, trigger, stages }) {
  return {
    id,
    tabId,
    url,
    trigger,
    status: 'running',
    startedAt: Date.now(),
    finishedAt: null,
    article: null,
    stages: stages.map((stage) => ({ stage, status: 'waiting', model: '', endpoint: '', attempt: 0, text: '' })),
    post: null,
    error: null,
    clipboard: null,
  };
}

/** Applies one core event (`{type, stage, …}`) to a view, in place. */
export function applyEvent(view, event, now = Date.now()) {
  const stage = view.stages.find((entry) => entry.stage === (event.stage ?? event.record?.stage));
  if (!stage) return;

  switch (event.type) {
    case 'stageStarted':
      stage.status = 'running';
      stage.model = event.model;
      stage.endpoint = event.endpoint;
      stage.attempt = event.attempt;
      stage.startedAt ??= now;
      stage.finishedAt = null;
      stage.waitUntil = null;
      if (!stage.continued) stage.text = '';
      stage.continued = false;
      break;
    case 'stagePart':
      // A long article: one part of it, or one merge of notes, at a time.
      stage.part = { phase: event.phase, part: event.part, parts: event.parts };
      break;
    case 'stageShrunk':
      stage.shrunkTo = event.contextTokens;
      stage.part = null;
      break;
    case 'stageText':
      stage.text += event.text;
      break;
    case 'stageContinued':
      stage.continued = true;
      stage.continuations = event.continuation;
      break;
    case 'stageWaiting':
      stage.status = 'retrying';
      stage.waitUntil = now + event.waitMs;
      stage.reason = event.reason;
      break;
    case 'stageFinished':
      stage.status = 'done';
      stage.finishedAt = now;
      stage.text = event.record.output;
      stage.model = event.record.returnedModel ?? event.record.requestedModel;
      stage.usage = event.record.usage ?? null;
      stage.parts = event.record.parts ?? 0;
      stage.part = null;
      break;
    default:
      break;
  }
}

/** Marks the run as failed at `stage` (or before any stage) with an error report. */
export function failView(view, error, stage = null, now = Date.now()) {
  view.status = error?.code === 'stage_cancelled' ? 'cancelled' : 'failed';
  view.finishedAt = now;
  view.error = { ...error, stage };
  for (const entry of view.stages) {
    if (entry.stage === stage) {
      entry.status = 'failed';
      entry.finishedAt = now;
    } else if (entry.status === 'running' || entry.status === 'retrying') entry.status = 'waiting';
  }
}
