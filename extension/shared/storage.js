/**
 * Where the extension keeps things, in one place.
 *
 * Settings and API keys live in `chrome.storage.local`, in separate entries,
 * so that settings can be shown, validated and exported without touching a
 * key. A user who wants keys forgotten when the browser closes keeps them in
 * `chrome.storage.session` instead; the `keyStorage` entry says which.
 * Nothing is written to sync storage. The history of finished posts lives
 * in local storage too, without keys or images. Runs live in
 * `chrome.storage.session`, which the browser clears when it closes: the
 * lean view that pages display, and separately the article and finished
 * stages that a retry needs.
 */

const SETTINGS = 'settings';
const KEYS = 'keys';
const KEY_STORAGE = 'keyStorage';
const HISTORY = 'history';
/** Runs kept per session; older ones are dropped. */
const MAX_RUNS = 20;
/** Posts kept in the history; older ones are dropped. */
export const MAX_HISTORY = 50;

/** Returns the storage area that holds the API keys: local unless the user chose the session. */
async function keyArea() {
  const stored = await chrome.storage.local.get(KEY_STORAGE);
  return stored[KEY_STORAGE] === 'session' ? chrome.storage.session : chrome.storage.local;
}

/** Returns `{settings, keys, sessionKeys}` as stored (raw, unvalidated). */
export async function loadSettings() {
  const stored = await chrome.storage.local.get([SETTINGS, KEY_STORAGE]);
  const sessionKeys = stored[KEY_STORAGE] === 'session';
  const area = sessionKeys ? chrome.storage.session : chrome.storage.local;
  const keys = (await area.get(KEYS))[KEYS] ?? {};
  return { settings: stored[SETTINGS] ?? {}, keys, sessionKeys };
}

/**
 * Stores settings and keys; a key that is empty is removed. With
 * `sessionKeys` the keys go to session storage and are removed from local
 * storage, and the other way round.
 */
export async function saveSettings(settings, keys, { sessionKeys = false } = {}) {
  const kept = Object.fromEntries(Object.entries(keys).filter(([, key]) => typeof key === 'string' && key.trim()));
  const [area, other] = sessionKeys ? [chrome.storage.session, chrome.storage.local] : [chrome.storage.local, chrome.storage.session];
  await area.set({ [KEYS]: kept });
  await other.remove(KEYS);
  await chrome.storage.local.set({ [SETTINGS]: settings, [KEY_STORAGE]: sessionKeys ? 'session' : 'local' });
}

/** Returns the API keys wherever they are kept. */
export async function loadKeys() {
  return ((await (await keyArea()).get(KEYS))[KEYS]) ?? {};
}

/**
 * Stores the view of a run and remembers it as the tab's latest run. A post
 * with an image can take megabytes, so when session storage is full the
 * oldest runs are dropped until the view fits.
 */
export async function saveRunView(view) {
  const { runOrder = [] } = await chrome.storage.session.get('runOrder');
  const order = [view.id, ...runOrder.filter((id) => id !== view.id)];
  const dropped = order.splice(MAX_RUNS);
  if (dropped.length) await dropRuns(dropped);

  for (;;) {
    try {
      await chrome.storage.session.set({ [`run:${view.id}`]: view, [`tabRun:${view.tabId}`]: view.id, runOrder: order });
      return;
    } catch (error) {
      if (order.length <= 1) throw error;
      await dropRuns(order.splice(-1));
    }
  }
}

async function dropRuns(ids) {
  await chrome.storage.session.remove(ids.flatMap((id) => [`run:${id}`, `runData:${id}`, `edit:${id}`]));
}

export async function loadRunView(runId) {
  const key = `run:${runId}`;
  return (await chrome.storage.session.get(key))[key] ?? null;
}

/** Returns the latest run of a tab, or null. */
export async function loadTabRunView(tabId) {
  const key = `tabRun:${tabId}`;
  const runId = (await chrome.storage.session.get(key))[key];
  return runId ? loadRunView(runId) : null;
}

/** Stores what a retry needs: the article and the finished stages. */
export async function saveRunData(runId, data) {
  await chrome.storage.session.set({ [`runData:${runId}`]: data });
}

export async function loadRunData(runId) {
  const key = `runData:${runId}`;
  return (await chrome.storage.session.get(key))[key] ?? null;
}

/** Stores the Markdown the user edited in the popup for a run; null forgets it. */
export async function saveEdit(runId, markdown) {
  const key = `edit:${runId}`;
  if (markdown === null) await chrome.storage.session.remove(key);
  else await chrome.storage.session.set({ [key]: markdown });
}

export async function loadEdit(runId) {
  const key = `edit:${runId}`;
  return (await chrome.storage.session.get(key))[key] ?? null;
}

/** Returns the history, newest first: `[{id, url, title, createdAt, markdown, html}]`. */
export async function loadHistory() {
  return (await chrome.storage.local.get(HISTORY))[HISTORY] ?? [];
}

/**
 * Adds a finished post to the top of the history, replacing the entry of
 * the same run (a retry or a regenerated stage), and keeps the newest
 * `MAX_HISTORY`.
 */
export async function addToHistory(entry) {
  const history = (await loadHistory()).filter((item) => item.id !== entry.id);
  await chrome.storage.local.set({ [HISTORY]: [entry, ...history].slice(0, MAX_HISTORY) });
}

/** Removes one post from the history, or every post when `id` is missing. */
export async function clearHistory(id = null) {
  if (id === null) {
    await chrome.storage.local.remove(HISTORY);
    return;
  }
  const history = (await loadHistory()).filter((item) => item.id !== id);
  await chrome.storage.local.set({ [HISTORY]: history });
}
