/**
 * The right-click menu entries: "Summarize to post" on pages and on
 * selected text (with a selection, the selection is the article), and
 * "Summarize linked article" on links.
 */
import { t } from '../shared/i18n.js';

export const MENU_ID = 'summarize-to-post';
export const LINK_MENU_ID = 'summarize-link';

/** Creates the menu entries; called when the extension is installed or updated. */
export function registerMenus() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: t('menuSummarize'), contexts: ['page', 'selection'] });
    chrome.contextMenus.create({ id: LINK_MENU_ID, title: t('menuSummarizeLink'), contexts: ['link'] });
  });
}

/** Returns the run trigger for a menu click, or null when the click is not ours. */
export function triggerForMenuClick(info) {
  if (info.menuItemId === LINK_MENU_ID) return info.linkUrl ? 'link' : null;
  if (info.menuItemId !== MENU_ID) return null;
  return info.selectionText ? 'selection' : 'contextMenu';
}
