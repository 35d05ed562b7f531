/**
 * The toolbar popup: starts (or shows) the run for the current tab and
 * displays each stage, the streaming text, the result or the error.
 *
 * Opened with `?tabId=N`, it works on tab N instead of the active tab. The
 * end-to-end tests open it that way in a normal tab (see README).
 */
import { writeClipboard } from '../shared/clipboard.js';
import { applyI18n, localizeReport, t } from '../shared/i18n.js';
import { Message } from '../shared/protocol.js';

/** CSS for the preview frame; the post's HTML arrives sanitised by the core. */
const PREVIEW_STYLE =
  'body{font:14px/1.5 system-ui,sans-serif;margin:10px;color:#111827;background:#fff}' +
  'h1{font-size:1.3em}h2{font-size:1.15em}h3{font-size:1em}a{color:#1d4ed8}';

const elements = {
  article: document.getElementById('article'),
  status: document.getElementById('status'),
  stages: document.getElementById('stages'),
  error: document.getElementById('error'),
  preview: document.getElementById('preview'),
  previewSection: document.getElementById('preview-section'),
  copy: document.getElementById('copy'),
  downloadImage: document.getElementById('download-image'),
  retry: document.getElementById('retry'),
  force: document.getElementById('force'),
  cancel: document.getElementById('cancel'),
  again: document.getElementById('again'),
  template: document.getElementById('stage-template'),
};

let view = null;
/** Views broadcast before this popup knew its run id, by run id. */
const early = new Map();
let previewHtml = null;

async function send(message) {
  const answer = await chrome.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error ?? 'the service worker sent no response');
  return answer.result;
}

async function targetTabId() {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (fromQuery) return fromQuery;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function show(next) {
  if (!next) return;
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
    view = message.view;
    render();
  }
  return false;
});

function render() {
  renderArticle();
  renderStatus();
  renderStages();
  renderError();
  renderPreview();

  const running = view.status === 'running' || view.status === 'capturing';
  elements.cancel.hidden = !running;
  elements.copy.hidden = view.status !== 'done';
  elements.downloadImage.hidden = !(view.status === 'done' && view.post?.image);
  const notArticle = view.error?.code === 'extract_not_an_article';
  elements.retry.hidden = notArticle || !(view.status === 'failed' || view.status === 'cancelled');
  elements.force.hidden = !notArticle;
  elements.again.hidden = running;
}

function renderArticle() {
  const article = view.article;
  elements.article.hidden = !article;
  if (!article) return;
  elements.article.querySelector('.article-title').textContent = article.title || article.url;
  const parts = [article.siteName, article.fromSelection ? t('popupFromSelection') : null, t('popupWords', [article.wordCount])];
  elements.article.querySelector('.article-meta').textContent = parts.filter(Boolean).join(' · ');
}

function renderStatus() {
  const key = {
    capturing: 'popupStatusCapturing',
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

function renderStages() {
  const rows = view.stages.map((stage) => {
    const row = elements.template.content.firstElementChild.cloneNode(true);
    row.dataset.stage = stage.stage;
    row.dataset.status = stage.status;
    row.querySelector('.stage-name').textContent = t(`stage_${stage.stage}`);
    row.querySelector('.stage-state').textContent = stageState(stage);
    row.querySelector('.stage-model').textContent = stage.model ? t('popupModelAt', [stage.model, stage.endpoint]) : '';
    row.querySelector('.stage-usage').textContent = stageUsage(stage);

    const text = row.querySelector('.stage-text');
    const showText = stage.text && (stage.status !== 'done' || stage.stage !== 'post');
    text.hidden = !showText;
    text.textContent = showText ? stage.text : '';
    return row;
  });
  elements.stages.replaceChildren(...rows);
  for (const text of elements.stages.querySelectorAll('.stage[data-status="running"] .stage-text')) {
    text.scrollTop = text.scrollHeight;
  }
}

function stageState(stage) {
  const now = Date.now();
  switch (stage.status) {
    case 'running': {
      const elapsed = t('stageStatus_running', [seconds(now - (stage.startedAt ?? now))]);
      const part = stage.part ? t(`stagePart_${stage.part.phase}`, [stage.part.part, stage.part.parts]) : '';
      return part ? `${part} · ${elapsed}` : elapsed;
    }
    case 'retrying':
      // The countdown of a wait the provider asked for, or of a backoff.
      return t('stageStatus_retrying', [seconds(Math.max(0, (stage.waitUntil ?? now) - now)), t(`waitReason_${stage.reason}`)]);
    case 'done':
      return t('stageStatus_done', [seconds((stage.finishedAt ?? now) - (stage.startedAt ?? now))]);
    case 'failed':
      return t('stageStatus_failed');
    default:
      return t('stageStatus_waiting');
  }
}

/** Returns the token counts and the parts of a finished stage, in words. */
function stageUsage(stage) {
  if (stage.status !== 'done') return '';
  const parts = [];
  if (stage.usage) parts.push(t('popupTokens', [stage.usage.inputTokens, stage.usage.outputTokens]));
  if (stage.parts) parts.push(t('popupParts', [stage.parts]));
  return parts.join(' · ');
}

function seconds(ms) {
  return String(Math.round(ms / 1000));
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

function renderPreview() {
  const html = view.post?.html ?? null;
  elements.previewSection.hidden = !html;
  if (html === previewHtml) return;
  previewHtml = html;
  elements.preview.srcdoc = html ? `<!doctype html><meta charset="utf-8"><style>${PREVIEW_STYLE}</style>${html}` : '';
}

async function run(action) {
  try {
    show(await action());
  } catch (error) {
    elements.status.textContent = t('popupInternalError', [String(error?.message ?? error)]);
  }
}

elements.copy.addEventListener('click', () => {
  const written = writeClipboard({ html: view.post.html, text: view.post.markdown });
  elements.status.textContent = t(written ? 'popupStatusCopied' : 'popupStatusCopyFailed');
});

elements.downloadImage.addEventListener('click', () => {
  const image = view?.post?.image;
  if (!image) return;
  const link = document.createElement('a');
  link.href = image.source;
  link.download = image.fileName;
  link.click();
});

elements.retry.addEventListener('click', () => run(() => send({ what: Message.RETRY_RUN, runId: view.id })));
elements.force.addEventListener('click', () =>
  run(() => send({ what: Message.START_RUN, tabId: view.tabId, trigger: view.trigger, force: true })),
);
elements.cancel.addEventListener('click', () => send({ what: Message.CANCEL_RUN, runId: view.id }).catch(() => {}));
elements.again.addEventListener('click', () => run(() => send({ what: Message.START_RUN, tabId: view.tabId, trigger: 'toolbar' })));
document.getElementById('options').addEventListener('click', () => chrome.runtime.openOptionsPage());
document.getElementById('copy-details').addEventListener('click', () => {
  navigator.clipboard.writeText(elements.error.querySelector('.error-details').textContent).catch(() => {});
});

// Elapsed times and retry countdowns tick while a run is under way.
setInterval(() => {
  if (view && (view.status === 'running' || view.status === 'capturing')) renderStages();
}, 1000);

applyI18n();
targetTabId().then((tabId) => {
  if (!tabId) {
    elements.status.textContent = t('popupNoTab');
    return;
  }
  run(() => send({ what: Message.OPEN_RUN, tabId }));
});
