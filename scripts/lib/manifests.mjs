// The manifest of each build, made from the top-level manifest.json, which
// is Chromium's and loads as it is from the repository root.
//
// Firefox (checked with Firefox ESR 153 and `web-ext lint`) differs in
// four ways: its background is a page that loads module scripts, not a
// service worker; it has no offscreen documents, so no `offscreen`
// permission; it needs an add-on id and the data the extension sends out
// declared under `browser_specific_settings.gecko`; and it does not know
// Chromium's `minimum_chrome_version`.

/** The add-on id, which addons.mozilla.org ties to the listing for good. */
export const FIREFOX_ADDON_ID = 'summarize-to-post@summarize-to-post';

/**
 * The oldest Firefox the build declares, from the browser data `web-ext
 * lint` checks against: desktop Firefox reads `data_collection_permissions`
 * from 140 (and `optional_host_permissions` and `runtime.getContexts` from
 * 128), Firefox for Android from 142.
 * NOTE: tested only in Firefox ESR 153 on desktop.
 */
const FIREFOX_MIN_VERSION = '140.0';
const FIREFOX_ANDROID_MIN_VERSION = '142.0';

/** Returns the Chromium manifest: the top-level one, unchanged. */
export function chromiumManifest(base) {
  return structuredClone(base);
}

/** Returns the Firefox manifest made from the Chromium one. */
export function firefoxManifest(base) {
  const manifest = structuredClone(base);
  delete manifest.minimum_chrome_version;

  manifest.background = { scripts: [base.background.service_worker], type: 'module' };
  manifest.permissions = manifest.permissions.filter((permission) => permission !== 'offscreen');
  manifest.browser_specific_settings = {
    gecko: {
      id: FIREFOX_ADDON_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      // A run sends the article's text and its URL to the model endpoints
      // the user configured, which may be another company's servers.
      data_collection_permissions: { required: ['websiteContent', 'browsingActivity'] },
    },
    gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
  };
  return manifest;
}

/**
 * Returns a test build's manifest: `clipboardRead` for the clipboard reader
 * page and access to the test servers on 127.0.0.1.
 */
export function withTestAdditions(manifest) {
  const test = structuredClone(manifest);
  test.permissions.push('clipboardRead');
  test.host_permissions = ['http://127.0.0.1/*'];
  return test;
}
