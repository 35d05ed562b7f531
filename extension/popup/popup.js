/**
 * The toolbar popup: starts (or shows) the run for the current tab and
 * displays each stage, the streaming text, the result or the error.
 *
 * Opened with `?tabId=N`, it works on tab N instead of the active tab; with
 * `?runId=R`, it shows run R (the allow page of a linked article opens it
 * that way). The end-to-end tests open it in a normal tab (see README).
 */
import { applyI18n, localizeReport, t } from '../shared/i18n.js';
import { Message } from '../shared/protocol.js';
import { createPostView } from './post-view.js';
import { renderStages } from './stage-rows.js';

const byId = (id) => document.getElementById(id);

const elements = {
  article: byId('article'),
  status: byId('status'),
  announce: byId('announce'),
  stages: byId('stages'),
  error: byId('error'),
  retry: byId('retry'),
  force: byId('force'),
  cancel: byId('cancel'),
  again: byId('again'),
  template: byId('stage-template'),
};

const postView = createPostView(
  {
    section: byId('preview-section'),
    preview: byId('preview'),
    editor: byId('editor'),
    edit: byId('edit'),
    revert: byId('revert'),
    editedNote: byId('edited-note'),
    copyGroup: byId('copy-group'),
    copyRich: byId('copy-rich'),
    copyMarkdown: byId('copy-markdown'),
    copyPlain: byId('copy-plain'),
    downloadImage: byId('download-image'),
  },
  setStatus,
);

let view = null;
/** Views broadcast before this popup knew its run id, by run id. */
const early = new Map();
/** A status message of the user's last action, shown until the run changes state. */
let actionStatus = null;

async function send(message) {
  const answer = await chrome.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error ?? 'the service worker sent no response');
  return answer.result;
}

function setStatus(text) {
  actionStatus = text;
  elements.status.textContent = text;
}

function show(next) {
  if (!next) return;
  if (view?.status !== next.status) actionStatus = null;
  view = next;
  const newer = early.get(view.id);
  if (newer && (newer.finishedAt || 0) >= (view.finishedAt || 0) && newer.status !== 'running') view = newer;
  early.clear();
  render();
}

chrome.runtime.onMessage.addListener((message) => {
  if (message?.what !== Message.RUN_UPDATE && message?.what !== Message.RUN_FINISHED) return false;
  if (!view) {
    early.set(message.view.id, message.view);
  } else if (message.view.id === view.id) {
    show(message.view);
  }
  return false;
});

function render() {
  renderArticle();
  renderStatus();
  renderStages(elements.stages, elements.template, view, { onRegenerate: regenerate, announce });
  renderError();
  postView.show(view.id, view.status === 'done' ? view.post : null).catch((error) => setStatus(String(error)));

  const running = view.status === 'running' || view.status === 'capturing';
  elements.cancel.hidden = !running;
  const notArticle = view.error?.code === 'extract_not_an_article';
  elements.retry.hidden = notArticle || !(view.status === 'failed' || view.status === 'cancelled');
  elements.force.hidden = !notArticle;
  elements.again.hidden = running;
}

function announce(text) {
  elements.announce.textContent = text;
}

function renderArticle() {
  const article = view.article;
  elements.article.hidden = !article;
  if (!article) return;
  elements.article.querySelector('.article-title').textContent = article.title || article.url;
  const parts = [
    article.siteName,
    view.trigger === 'link' ? t('popupFromLink') : null,
    article.fromSelection ? t('popupFromSelection') : null,
    t('popupWords', [article.wordCount]),
  ];
  elements.article.querySelector('.article-meta').textContent = parts.filter(Boolean).join(' · ');
}

function renderStatus() {
  if (actionStatus) return;
  const key = {
    capturing: view.trigger === 'link' ? 'popupStatusFetching' : 'popupStatusCapturing',
    running: 'popupStatusRunning',
    failed: 'popupStatusFailed',
    cancelled: 'popupStatusCancelled',
  }[view.status];
  if (key) {
    elements.status.textContent = t(key);
  } else if (view.clipboard === 'written') {
    elements.status.textContent = t('popupStatusCopied');
  } else {
    elements.status.textContent = t('popupStatusCopyFailed');
  }
}

function renderError() {
  elements.error.hidden = !view.error;
  if (!view.error) return;
  const { message, hint } = localizeReport(view.error);
  const stageName = view.error.stage ? `${t(`stage_${view.error.stage}`)}: ` : '';
  elements.error.querySelector('.error-message').textContent = stageName + message;
  elements.error.querySelector('.error-hint').textContent = hint;
  elements.error.querySelector('.error-details').textContent = JSON.stringify(
    { code: view.error.code, stage: view.error.stage, message: view.error.message, url: view.url },
    null,
    2,
  );
}

async function run(action) {
  try {
    show(await action());
  } catch (error) {
    setStatus(t('popupInternalError', [String(error?.message ?? error)]));
  }
}

function regenerate(stage) {
  run(() => send({ what: Message.REGENERATE_STAGE, runId: view.id, stage }));
  elements.cancel.focus();
}

function startAgain() {
  if (view.trigger === 'link') return send({ what: Message.START_LINK_RUN, url: view.url, tabId: view.tabId });
  return send({ what: Message.START_RUN, tabId: view.tabId, trigger: 'toolbar' });
}

elements.retry.addEventListener('click', () => run(() => send({ what: Message.RETRY_RUN, runId: view.id })));
elements.force.addEventListener('click', () =>
  run(() => send({ what: Message.START_RUN, tabId: view.tabId, trigger: view.trigger, force: true })),
);
elements.cancel.addEventListener('click', () => send({ what: Message.CANCEL_RUN, runId: view.id }).catch(() => {}));
elements.again.addEventListener('click', () => run(startAgain));
byId('options').addEventListener('click', () => chrome.runtime.openOptionsPage());
byId('history').addEventListener('click', () => chrome.tabs.create({ url: chrome.runtime.getURL('extension/history/history.html') }));
byId('copy-details').addEventListener('click', () => {
  navigator.clipboard.writeText(elements.error.querySelector('.error-details').textContent).catch(() => {});
});

// Elapsed times and retry countdowns tick while a run is under way.
setInterval(() => {
  if (view && (view.status === 'running' || view.status === 'capturing')) {
    renderStages(elements.stages, elements.template, view, { onRegenerate: regenerate, announce });
  }
}, 1000);

async function targetTabId() {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (fromQuery) return fromQuery;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

applyI18n();
const runId = new URLSearchParams(location.search).get('runId');
if (runId) {
  run(() => send({ what: Message.GET_RUN, runId }));
} else {
  targetTabId().then((tabId) => {
    if (!tabId) {
      elements.status.textContent = t('popupNoTab');
      return;
    }
    run(() => send({ what: Message.OPEN_RUN, tabId }));
  });
}
