/**
 * Where the extension keeps things, in one place.
 *
 * Settings and API keys live in `chrome.storage.local`, in separate entries,
 * so that settings can be shown, validated and exported without touching a
 * key. Nothing is written to sync storage. Runs live in
 * `chrome.storage.session`, which the browser clears when it closes: the
 * lean view that pages display, and separately the article and finished
 * stages that a retry needs.
 */

const SETTINGS = 'settings';
const KEYS = 'keys';
/** Runs kept per session; older ones are dropped. */
const MAX_RUNS = 20;

/** Returns `{settings, keys}` as stored (raw, unvalidated). */
export async function loadSettings() {
  const stored = await chrome.storage.local.get([SETTINGS, KEYS]);
  return { settings: stored[SETTINGS] ?? {}, keys: stored[KEYS] ?? {} };
}

/** Stores settings and keys; a key that is empty is removed. */
export async function saveSettings(settings, keys) {
  const kept = Object.fromEntries(Object.entries(keys).filter(([, key]) => typeof key === 'string' && key.trim()));
  await chrome.storage.local.set({ [SETTINGS]: settings, [KEYS]: kept });
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
  await chrome.storage.session.remove(ids.flatMap((id) => [`run:${id}`, `runData:${id}`]));
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
