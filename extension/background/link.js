/**
 * Reading a linked page without opening it, for "Summarize linked article".
 *
 * A link to the page the tab shows (same origin) is fetched inside that tab,
 * where the user's click on the menu granted `activeTab`. A link to another
 * origin is fetched from the service worker, which needs the user's
 * permission for that origin; `linkAccess` returns whether it is granted, and
 * the allow page asks for it from a click.
 */
import { report } from '../shared/errors.js';

/** How long the linked page may take to arrive, in milliseconds. */
const FETCH_TIMEOUT_MS = 30_000;

/** Largest linked page, in characters, that the core is given. */
const MAX_HTML_CHARS = 40_000_000;

/** Returns the match pattern of a URL's origin, such as `https://example.com/*`. */
export function originPattern(url) {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/*`;
}

/** Returns a report when a link cannot be summarized at all (not http or https), else null. */
export function unsupportedLinkReport(url) {
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    // Reported below.
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return null;
  return report('link_unsupported', [url], `the link ${url} is not a web page address`, 'Right-click a link to an http or https page.');
}

/**
 * Returns `same-tab` when the tab's page has the link's origin, `granted`
 * when the user allowed the link's origin, else `needed`.
 */
export async function linkAccess(url, tab) {
  try {
    if (tab?.url && new URL(tab.url).origin === new URL(url).origin) return 'same-tab';
  } catch {
    // The tab shows no web page.
  }
  return (await chrome.permissions.contains({ origins: [originPattern(url)] })) ? 'granted' : 'needed';
}

/** Returns the captured page `{html, url, selectionHtml, force}` of a link, or throws a report. */
export async function fetchLinkedPage(url, access, tabId) {
  const fetched = access === 'same-tab' ? await fetchInTab(url, tabId) : await fetchHere(url);
  if (fetched.error) throw linkFailure(url, fetched);
  if (!/^(text\/html|application\/xhtml\+xml)/i.test(fetched.contentType)) {
    throw report(
      'link_not_html',
      [url, fetched.contentType || '?'],
      `the link ${url} leads to ${fetched.contentType || 'a file of unknown type'}, not to a web page`,
      'Right-click a link to an article page.',
    );
  }
  if (fetched.html.length > MAX_HTML_CHARS) {
    const millions = Math.round(fetched.html.length / 1_000_000);
    throw report('page_too_large', [url, millions], `the page ${url} is ${millions} million characters long, too large to read`, 'Open the page, select the part to summarize and try again.');
  }
  return { html: fetched.html, url: fetched.url || url, selectionHtml: null, force: false };
}

async function fetchHere(url) {
  return readResponse(url);
}

async function fetchInTab(url, tabId) {
  const results = await chrome.scripting.executeScript({ target: { tabId }, func: readResponse, args: [url, FETCH_TIMEOUT_MS] });
  return results?.[0]?.result ?? { error: 'unreachable', detail: 'the tab returned nothing' };
}

/**
 * Fetches a page without cookies and returns `{html, url, contentType,
 * status}` or `{error, status, detail}`. It is self-contained because it
 * also runs inside a tab.
 */
async function readResponse(url, timeoutMs = 30_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { credentials: 'omit', redirect: 'follow', signal: controller.signal });
    if (!response.ok) return { error: 'status', status: response.status, detail: response.statusText };
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    const html = await response.text();
    return { html, url: response.url, contentType, status: response.status };
  } catch (error) {
    return { error: controller.signal.aborted ? 'timeout' : 'unreachable', detail: String(error?.message ?? error) };
  } finally {
    clearTimeout(timer);
  }
}

function linkFailure(url, fetched) {
  if (fetched.error === 'status') {
    return report(
      'link_http_error',
      [url, fetched.status],
      `the site answered ${url} with HTTP status ${fetched.status}`,
      'Open the link in a tab; if the page shows there, summarize it from the tab with the toolbar button.',
    );
  }
  if (fetched.error === 'timeout') {
    return report('link_timed_out', [url], `the page ${url} did not arrive within 30 seconds`, 'Try again, or open the link and summarize it from the tab.');
  }
  return report(
    'link_unreachable',
    [url, fetched.detail ?? ''],
    `the page ${url} could not be fetched: ${fetched.detail ?? ''}`,
    'Check the connection, or open the link and summarize it from the tab.',
  );
}
