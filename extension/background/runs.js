/**
 * Starting, retrying and cancelling runs, and keeping their record.
 *
 * The service worker may be stopped between any two events, so nothing here
 * lives in memory: every view is stored in session storage as it changes,
 * and each handler reads what it needs. The work itself happens in the
 * runner; this module captures the page, hands the job over, and stores and
 * announces what comes back.
 */
import { report } from '../shared/errors.js';
import { localizeReport, postLabels, t } from '../shared/i18n.js';
import { Message } from '../shared/protocol.js';
import { createView, failView } from '../shared/run-state.js';
import {
  addToHistory,
  loadRunData,
  loadRunView,
  loadSettings,
  loadTabRunView,
  saveRunData,
  saveRunView,
} from '../shared/storage.js';
import { askRunnerIfRunning, isPopupOpen, restartRunner, sendToRunner } from '../platform/current.js';
import { capturePage } from './capture.js';
import { fetchLinkedPage, linkAccess, unsupportedLinkReport } from './link.js';

const BADGE = {
  running: { text: '…', color: '#2563eb' },
  done: { text: '✓', color: '#15803d' },
  failed: { text: '!', color: '#b91c1c' },
  cancelled: { text: '', color: '#6b7280' },
};

/**
 * Starts a run on a tab. `trigger` is `toolbar`, `contextMenu` or
 * `selection`; `force` extracts even a page that does not look like an
 * article. Resolves to the run's view once the job is handed to the runner
 * (or has failed before that).
 */
export async function startRun({ tabId, trigger = 'toolbar', force = false }) {
  const tab = await chrome.tabs.get(tabId);
  return launch({ tabId, url: tab.url ?? '', trigger }, () => capturePage(tab, { force }));
}

/**
 * Starts a run on the page a link leads to, without opening it; `tabId` is
 * the tab the link was in. When the extension may not read the link's
 * origin yet, opens the page that asks for it and resolves to null.
 */
export async function startLinkRun({ url, tabId }) {
  const tab = await chrome.tabs.get(tabId).catch(() => null);
  const refusal = unsupportedLinkReport(url);
  const access = refusal ? 'refused' : await linkAccess(url, tab);
  if (access === 'needed') {
    const query = new URLSearchParams({ url, tabId: String(tabId) });
    await chrome.tabs.create({ url: chrome.runtime.getURL(`extension/allow/allow.html?${query}`), openerTabId: tab?.id });
    return null;
  }
  return launch({ tabId, url, trigger: 'link' }, async () => {
    if (refusal) throw refusal;
    return fetchLinkedPage(url, access, tabId);
  });
}

/**
 * Creates a run's view, reads its page with `capture` and hands the job to
 * the runner. Resolves to the view once the job is handed over (or has
 * failed before that).
 */
async function launch({ tabId, url, trigger }, capture) {
  const view = createView({ id: crypto.randomUUID(), tabId, url, trigger, stages: [] });
  view.status = 'capturing';
  await saveRunView(view);
  await setBadge(tabId, 'running');

  let page;
  try {
    page = await capture();
  } catch (error) {
    failView(view, error?.code ? error : report('page_capture_failed', [url], String(error), 'Reload the page and try again.'));
    await recordFinished(view, null);
    return view;
  }

  view.status = 'running';
  await saveRunView(view);
  const { settings, keys } = await loadSettings();
  await sendToRunner({ what: Message.RUNNER_START, job: { view, page, settings, keys, labels: postLabels(), finished: [] } });
  return view;
}

/** Starts a new run of the same kind as `view`: on its tab, or on its link. */
function startLike(view) {
  if (view.trigger === 'link') return startLinkRun({ url: view.url, tabId: view.tabId });
  return startRun({ tabId: view.tabId, trigger: view.trigger });
}

/**
 * Returns the run to show for a tab: its latest run if that is for the page
 * the tab shows now, else a new run.
 */
export async function openRun({ tabId }) {
  const tab = await chrome.tabs.get(tabId);
  const latest = await loadTabRunView(tabId);
  if (!latest || latest.url !== tab.url) return startRun({ tabId, trigger: 'toolbar' });
  if (latest.status !== 'running' && latest.status !== 'capturing') return latest;

  const live = await askRunnerIfRunning({ what: Message.RUNNER_VIEW, runId: latest.id }).catch(() => null);
  if (live?.view) return live.view;

  // The runner no longer knows the run (the browser discarded it): say so.
  failView(latest, report('run_interrupted', [], 'the run was interrupted before it finished', 'Click Retry to continue from the last finished stage.'));
  await saveRunView(latest);
  return latest;
}

/** Resumes a failed run from its failed stage, reusing the finished ones. */
export async function retryRun({ runId }) {
  const view = await loadRunView(runId);
  const data = await loadRunData(runId);
  if (!view) throw new Error(`no run ${runId}`);
  if (!data?.article) return startLike(view);

  view.status = 'running';
  view.error = null;
  view.finishedAt = null;
  for (const stage of view.stages) {
    if (stage.status !== 'done') Object.assign(stage, { status: 'waiting', text: '', attempt: 0 });
  }
  await saveRunView(view);
  await setBadge(view.tabId, 'running');

  const { settings, keys } = await loadSettings();
  const job = { view, article: data.article, finished: data.records ?? [], settings, keys, labels: postLabels() };
  await sendToRunner({ what: Message.RUNNER_START, job });
  return view;
}

/**
 * Runs a finished stage of a run again, with the stages after it, which
 * read its output; the stages before it are reused.
 */
export async function regenerateStage({ runId, stage }) {
  const view = await loadRunView(runId);
  const data = await loadRunData(runId);
  if (!view) throw new Error(`no run ${runId}`);
  if (!data?.article) return startLike(view);

  const index = view.stages.findIndex((entry) => entry.stage === stage);
  if (index < 0) throw new Error(`run ${runId} has no stage ${stage}`);
  Object.assign(view, { status: 'running', error: null, finishedAt: null, post: null, clipboard: null });
  for (const entry of view.stages.slice(index)) {
    Object.assign(entry, { status: 'waiting', text: '', attempt: 0, startedAt: null, finishedAt: null, usage: null, parts: 0 });
  }
  await saveRunView(view);
  await setBadge(view.tabId, 'running');

  const { settings, keys } = await loadSettings();
  const job = { view, article: data.article, finished: data.records ?? [], regenerate: stage, settings, keys, labels: postLabels() };
  await sendToRunner({ what: Message.RUNNER_START, job });
  return view;
}

/** Cancels a run. */
export async function cancelRun({ runId }) {
  const answer = await askRunnerIfRunning({ what: Message.RUNNER_CANCEL, runId }).catch(() => null);
  if (answer?.cancelled) return;

  const view = await loadRunView(runId);
  if (view && (view.status === 'running' || view.status === 'capturing')) {
    failView(view, report('stage_cancelled', [], 'the run was cancelled', 'Start a new run when you are ready.'));
    await recordFinished(view, null);
  }
}

/** Stores a view the runner published. */
export async function recordUpdate(view) {
  await saveRunView(view);
}

/**
 * Stores a finished run, adds its post to the history, sets the badge and
 * tells the user. `data.archive` is the post to keep in the history, which
 * has no image; it is not kept with the run.
 */
export async function recordFinished(view, data) {
  await saveRunView(view);
  const { archive = null, ...retryData } = data ?? {};
  if (data) await saveRunData(view.id, retryData);
  if (view.status === 'done' && view.post) await addToHistory(historyEntry(view, archive ?? view.post));
  await setBadge(view.tabId, view.status);
  if (view.error?.code === 'core_panic') await restartRunner();
  if (view.status !== 'cancelled' && !(await isPopupOpen())) await notify(view);
}

function historyEntry(view, post) {
  return {
    id: view.id,
    url: view.article?.url || view.url,
    title: post.title || view.article?.title || view.url,
    createdAt: view.finishedAt ?? Date.now(),
    markdown: post.markdown,
    html: post.html,
  };
}

async function notify(view) {
  let title;
  let message;
  if (view.status === 'done' && view.clipboard === 'written') {
    title = t('notifyDoneTitle');
    message = t('notifyDoneMessage', [view.post?.title || view.article?.title || view.url]);
  } else if (view.status === 'done') {
    title = t('notifyCopyFailedTitle');
    message = t('notifyCopyFailedMessage');
  } else {
    const { message: text, hint } = localizeReport(view.error);
    title = t('notifyFailedTitle');
    message = `${text} ${hint}`.trim();
  }
  try {
    await chrome.notifications.create(view.id, {
      type: 'basic',
      iconUrl: chrome.runtime.getURL('extension/icons/icon-128.png'),
      title,
      message,
    });
  } catch {
    // Notifications may be turned off for the browser; the badge still shows the result.
  }
}

async function setBadge(tabId, status) {
  const badge = BADGE[status] ?? BADGE.cancelled;
  try {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    await chrome.action.setBadgeText({ tabId, text: badge.text });
  } catch {
    // The tab is gone.
  }
}
