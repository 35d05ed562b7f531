/**
 * Reading the rendered document of a tab.
 *
 * The page is captured as it is shown (the serialised DOM after scripts ran,
 * not a refetch of its URL) together with the HTML of the user's selection.
 * Pages the browser does not let extensions read are recognised from their
 * URL before trying. For the rest, the errors `executeScript` raises become
 * reports that tell the user what to do.
 */
import { report } from '../shared/errors.js';

/** Hosts of extension stores, which browsers never let extensions script. */
const STORE_HOSTS = ['chromewebstore.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com'];

/** Largest serialised page, in characters, that the core is given. */
const MAX_HTML_CHARS = 40_000_000;

/**
 * Returns the captured page `{html, url, selectionHtml, force}` of a tab,
 * or throws a report. `force` asks the core to extract even a page that
 * does not look like an article.
 */
export async function capturePage(tab, { force = false } = {}) {
  const refusal = refusalForUrl(tab.url ?? '');
  if (refusal) throw refusal;

  let results;
  try {
    results = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: readDocument });
  } catch (error) {
    throw captureFailure(error, tab.url ?? '');
  }

  const page = results?.[0]?.result;
  if (!page || typeof page.html !== 'string') {
    throw report('page_capture_failed', [tab.url], `the page ${tab.url} could not be read`, 'Reload the page and try again.');
  }
  if (page.contentType === 'application/pdf') throw pdfReport(tab.url);
  if (page.html.length > MAX_HTML_CHARS) {
    const millions = Math.round(page.html.length / 1_000_000);
    throw report(
      'page_too_large',
      [tab.url, millions],
      `the page ${tab.url} is ${millions} million characters long, too large to read`,
      'Select the part of the page to summarize and try again.',
    );
  }
  return { html: page.html, url: page.url, selectionHtml: page.selectionHtml || null, force };
}

/**
 * Runs in the tab: returns the serialised document and the selection,
 * without changing the page. The document is copied into an inert document
 * (one with no browsing context, so nothing in the copy loads or runs).
 * Elements the page does not show are marked `data-stp-hidden` in the copy,
 * and open shadow roots, which `outerHTML` leaves out, are serialised into
 * it. This function must be self-contained: it is sent to the page.
 */
function readDocument() {
  const HIDDEN = 'data-stp-hidden';
  const SHADOW = 'data-stp-shadow';
  // Computing styles of a giant page could freeze its tab for seconds;
  // past this many elements, nothing is marked.
  const MAX_STYLED_ELEMENTS = 60000;

  const inert = document.implementation.createHTMLDocument('');
  const selection = window.getSelection();
  let selectionHtml = '';
  if (selection && !selection.isCollapsed && selection.rangeCount > 0) {
    const container = inert.createElement('div');
    for (let index = 0; index < selection.rangeCount; index += 1) {
      container.append(inert.importNode(selection.getRangeAt(index).cloneContents(), true));
    }
    selectionHtml = container.innerHTML;
  }

  const live = document.documentElement;
  if (!live) return { html: '', url: location.href, contentType: document.contentType, selectionHtml };

  const copy = inert.importNode(live, true);
  const liveBody = document.body;
  const copyBody = copy.querySelector('body');
  const small = document.getElementsByTagName('*').length <= MAX_STYLED_ELEMENTS;

  if (liveBody && copyBody && small) {
    const pending = [[liveBody, copyBody]];
    while (pending.length > 0) {
      const [liveElement, copyElement] = pending.pop();
      const liveChildren = liveElement.children;
      const copyChildren = copyElement.children;
      const count = Math.min(liveChildren.length, copyChildren.length);
      for (let index = 0; index < count; index += 1) {
        const child = liveChildren[index];
        const copied = copyChildren[index];
        const style = getComputedStyle(child);
        if (style.display === 'none' || style.visibility === 'hidden') {
          copied.setAttribute(HIDDEN, '');
          continue;
        }
        if (child.shadowRoot) {
          const holder = inert.createElement('div');
          holder.setAttribute(SHADOW, '');
          for (const node of child.shadowRoot.childNodes) holder.append(inert.importNode(node, true));
          copied.append(holder);
        }
        pending.push([child, copied]);
      }
    }
  }

  return { html: copy.outerHTML, url: location.href, contentType: document.contentType, selectionHtml };
}

/**
 * Returns a report for URLs no extension may read, or null. An empty URL
 * means the browser hid it: it does that for pages extensions may not read.
 */
export function refusalForUrl(url) {
  if (!url) {
    return report('page_hidden', [], 'the browser does not let extensions read this page', 'Open a web page with an article and try again.');
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return restrictedReport(url);
  }
  if (STORE_HOSTS.includes(parsed.hostname) || (parsed.hostname === 'chrome.google.com' && parsed.pathname.startsWith('/webstore'))) {
    return report('page_store', [url], `extension stores such as ${parsed.hostname} cannot be read by extensions`, 'Open the article itself and try again.');
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return restrictedReport(url);
  if (parsed.pathname.toLowerCase().endsWith('.pdf')) return pdfReport(url);
  return null;
}

function restrictedReport(url) {
  return report(
    'page_restricted',
    [url],
    `the browser does not let extensions read ${url}`,
    'Open a web page with an article and try again.',
  );
}

function pdfReport(url) {
  return report(
    'page_pdf',
    [url],
    `${url} is a PDF, which this extension cannot read yet`,
    'Select the text in the PDF viewer, copy it into a web page or a note, or summarize the web page that links to it.',
  );
}

function captureFailure(error, url) {
  const detail = String(error?.message ?? error);
  if (/extensions gallery|web store/i.test(detail)) {
    return report('page_store', [url], `extension stores cannot be read by extensions`, 'Open the article itself and try again.');
  }
  if (/Cannot access a (chrome|edge|about)|chrome:\/\/|about:/i.test(detail)) return restrictedReport(url);
  if (/error page/i.test(detail)) {
    return report('page_error_page', [url], `the tab shows an error page instead of ${url}`, 'Reload the page, and try again once it has loaded.');
  }
  if (/No tab with id/i.test(detail)) {
    return report('page_closed', [url], `the tab with ${url} was closed`, 'Open the article again and start a new run.');
  }
  if (url.startsWith('file:')) {
    return report(
      'page_file_access',
      [url],
      `the extension may not read local files such as ${url}`,
      "Turn on 'Allow access to file URLs' for this extension on the browser's extensions page.",
    );
  }
  return report(
    'page_no_access',
    [url, detail],
    `the extension could not read ${url}: ${detail}`,
    'Start the run from the page itself: click the toolbar button, use the right-click menu, or press the shortcut.',
  );
}
