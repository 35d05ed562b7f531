/**
 * The right-click menu entry "Summarize to post", on pages and on selected
 * text. With a selection, the selection is the article.
 */
import { t } from '../shared/i18n.js';

export const MENU_ID = 'summarize-to-post';

/** Creates the menu entry; called when the extension is installed or updated. */
export function registerMenus() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: t('menuSummarize'), contexts: ['page', 'selection'] });
  });
}

/** Returns the run trigger for a menu click, or null when the click is not ours. */
export function triggerForMenuClick(info) {
  if (info.menuItemId !== MENU_ID) return null;
  return info.selectionText ? 'selection' : 'contextMenu';
}
