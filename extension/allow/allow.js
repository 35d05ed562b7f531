/**
 * The page that asks for access to a linked page's origin, for "Summarize
 * linked article" on a link to another site.
 *
 * Browsers grant a host permission only from a click in an extension page,
 * and the menu click happened in the web page, so this page explains what
 * the permission is for and asks with its own button. Allowed, it starts
 * the run and shows its progress as the popup does. Declined, nothing is
 * fetched and the page says how to summarize the article another way.
 */
import { applyI18n, t } from '../shared/i18n.js';
import { Message } from '../shared/protocol.js';

const query = new URLSearchParams(location.search);
const url = query.get('url') ?? '';
const tabId = Number(query.get('tabId'));
const status = document.getElementById('status');
const allow = document.getElementById('allow');
const decline = document.getElementById('decline');

function originOf(link) {
  try {
    const parsed = new URL(link);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
  } catch {
    return null;
  }
}

const parsed = originOf(url);

async function start() {
  allow.disabled = true;
  decline.disabled = true;
  // The request must come first, inside the click, for the browser to count it as the user's.
  const granted = await chrome.permissions.request({ origins: [`${parsed.protocol}//${parsed.host}/*`] }).catch(() => false);
  if (!granted) {
    showDeclined();
    return;
  }

  status.textContent = t('allowStarting');
  const answer = await chrome.runtime.sendMessage({ what: Message.START_LINK_RUN, url, tabId });
  if (!answer?.ok || !answer.result) {
    status.textContent = t('popupInternalError', [answer?.error ?? '?']);
    return;
  }
  location.replace(chrome.runtime.getURL(`extension/popup/popup.html?runId=${encodeURIComponent(answer.result.id)}`));
}

function showDeclined() {
  allow.disabled = false;
  decline.disabled = true;
  status.textContent = t('allowDeclined', [url]);
}

applyI18n();
if (!parsed) {
  document.getElementById('explain').textContent = t('allowInvalidLink', [url]);
  allow.hidden = true;
  decline.hidden = true;
} else {
  document.getElementById('explain').textContent = t('allowExplain', [url, parsed.host]);
  document.getElementById('scope').textContent = t('allowScope', [parsed.host]);
  allow.addEventListener('click', () => {
    start().catch((error) => {
      status.textContent = t('popupInternalError', [String(error?.message ?? error)]);
    });
  });
  decline.addEventListener('click', showDeclined);
}
