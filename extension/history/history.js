/**
 * The history page: the last posts, newest first, each with its source,
 * reopened in a preview and copied in any flavour. Clearing asks first.
 *
 * The history is kept in local storage by the service worker when a run
 * finishes (see `recordFinished`); it holds no keys and no images.
 */
import { applyI18n, t } from '../shared/i18n.js';
import { copyPost, previewDocument } from '../shared/post-copy.js';
import { clearHistory, loadHistory } from '../shared/storage.js';

const list = document.getElementById('entries');
const status = document.getElementById('status');
const postSection = document.getElementById('post');
const clearButton = document.getElementById('clear');

let entries = [];
let shown = null;

function render() {
  document.getElementById('empty').hidden = entries.length > 0;
  clearButton.hidden = entries.length === 0;
  const template = document.getElementById('entry-template');
  const rows = entries.map((entry) => {
    const row = template.content.firstElementChild.cloneNode(true);
    applyI18n(row);
    row.dataset.id = entry.id;
    row.setAttribute('aria-current', String(entry.id === shown?.id));
    const open = row.querySelector('.entry-open');
    open.textContent = entry.title;
    open.addEventListener('click', () => showPost(entry));
    row.querySelector('.entry-meta').textContent = t('historyMeta', [hostOf(entry.url), new Date(entry.createdAt).toLocaleString()]);
    const remove = row.querySelector('.entry-delete');
    remove.setAttribute('aria-label', t('historyDeleteEntry', [entry.title]));
    remove.addEventListener('click', () => removeEntry(entry));
    return row;
  });
  list.replaceChildren(...rows);
  if (shown && !entries.some((entry) => entry.id === shown.id)) shown = null;
  postSection.hidden = !shown;
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function showPost(entry) {
  shown = entry;
  document.getElementById('post-title').textContent = entry.title;
  const source = document.getElementById('post-source');
  source.textContent = entry.url;
  source.href = /^https?:/i.test(entry.url) ? entry.url : '#';
  document.getElementById('preview').srcdoc = previewDocument(entry.html);
  render();
  document.getElementById('post-title').scrollIntoView();
  document.getElementById('copy-rich').focus();
}

async function removeEntry(entry) {
  await clearHistory(entry.id);
  entries = await loadHistory();
  status.textContent = t('historyDeleted', [entry.title]);
  render();
}

for (const [id, flavour] of [
  ['copy-rich', 'rich'],
  ['copy-markdown', 'markdown'],
  ['copy-plain', 'plain'],
]) {
  document.getElementById(id).addEventListener('click', async () => {
    if (!shown) return;
    const written = await copyPost({ markdown: shown.markdown, html: shown.html, image: null }, flavour);
    status.textContent = t(written ? `popupCopied_${flavour}` : 'popupStatusCopyFailed');
  });
}

clearButton.addEventListener('click', async () => {
  if (!window.confirm(t('historyClearConfirm', [entries.length]))) return;
  await clearHistory();
  entries = [];
  shown = null;
  status.textContent = t('historyCleared');
  render();
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes.history) return;
  entries = changes.history.newValue ?? [];
  render();
});

applyI18n();
loadHistory()
  .then((loaded) => {
    entries = loaded;
    render();
    const wanted = new URLSearchParams(location.search).get('id');
    const entry = entries.find((item) => item.id === wanted);
    if (entry) showPost(entry);
  })
  .catch((error) => {
    status.textContent = t('popupInternalError', [String(error?.message ?? error)]);
  });
