// Test-only page: reads both clipboard flavours back, and records the
// notifications the extension shows. Present only in the test builds,
// which hold the clipboardRead permission.
globalThis.readClipboard = async () => {
  const items = await navigator.clipboard.read();
  const flavours = {};
  for (const item of items) {
    for (const type of item.types) {
      flavours[type] = await (await item.getType(type)).text();
    }
  }
  return flavours;
};

// Headless Firefox closes a notification as soon as it is shown, so
// `chrome.notifications.getAll()` can miss it there. Chromium has no
// `onShown` event; its notifications stay open.
const shown = new Set();
chrome.notifications.onShown?.addListener((id) => shown.add(id));
chrome.notifications.onClosed.addListener((id) => shown.add(id));

/** Returns the ids of the notifications shown since this page opened. */
globalThis.shownNotificationIds = async () => [...new Set([...shown, ...Object.keys(await chrome.notifications.getAll())])];
