// Test-only page: reads both clipboard flavours back. Present only in the
// test build, which holds the clipboardRead permission.
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
