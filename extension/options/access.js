/**
 * Site access and key storage on the options page.
 *
 * Saving an endpoint requests its origin (see `options.js`). This module
 * releases the origins of endpoints the user removed, lists every origin the
 * extension may read with what uses it, and lets the user withdraw access
 * to origins no endpoint uses, such as those allowed for linked articles.
 */
import { t } from '../shared/i18n.js';

/**
 * Returns the patterns in `before` that are not in `after`: the origins of
 * removed endpoints that no remaining endpoint uses.
 */
export function originsToRelease(before, after) {
  const kept = new Set(after);
  return [...new Set(before)].filter((pattern) => !kept.has(pattern));
}

/**
 * Releases `patterns`; resolves to those released. Origins the manifest
 * grants cannot be released, and are skipped.
 */
export async function releaseOrigins(patterns) {
  const released = [];
  for (const pattern of patterns) {
    try {
      if (await chrome.permissions.remove({ origins: [pattern] })) released.push(pattern);
    } catch (error) {
      console.warn('Summarize to Post: could not release access to', pattern, String(error?.message ?? error));
    }
  }
  return released;
}

/**
 * Lists the granted origins under `list`. `endpointsByPattern` maps a
 * pattern to the names of the saved endpoints that use it; `onChange` runs
 * after the user removed one.
 */
export async function showGrantedOrigins(list, endpointsByPattern, onChange) {
  const { origins = [] } = await chrome.permissions.getAll();
  const required = new Set(chrome.runtime.getManifest().host_permissions ?? []);
  const items = origins.map((pattern) => {
    const item = document.createElement('li');
    const names = endpointsByPattern.get(pattern) ?? [];
    const use = required.has(pattern)
      ? t('optionsOriginRequired')
      : names.length
        ? t('optionsOriginUsedBy', [names.join(', ')])
        : t('optionsOriginUnused');
    const text = document.createElement('span');
    text.textContent = `${pattern} — ${use}`;
    item.append(text);
    if (!required.has(pattern) && names.length === 0) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = t('optionsOriginRemove');
      button.setAttribute('aria-label', t('optionsOriginRemoveOf', [pattern]));
      button.addEventListener('click', async () => {
        await releaseOrigins([pattern]);
        onChange();
      });
      item.append(' ', button);
    }
    return item;
  });
  if (items.length === 0) {
    const item = document.createElement('li');
    item.textContent = t('optionsNoOrigins');
    items.push(item);
  }
  list.replaceChildren(...items);
}
