// The extension's pages follow the browser's language: for each translated
// locale, Chromium started in that language shows the options page and an
// error message from that locale's messages.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { openOptions, startSession } from './harness.mjs';

const root = new URL('../..', import.meta.url).pathname;

/** Translated locales, as named under _locales. */
const LOCALES = ['de', 'fr', 'es', 'ja', 'zh_CN', 'pt_BR'];

function messages(locale) {
  return JSON.parse(readFileSync(join(root, '_locales', locale, 'messages.json'), 'utf8'));
}

for (const locale of LOCALES) {
  test(`options page in ${locale}`, { timeout: 60_000 }, async () => {
    const expected = messages(locale);
    const session = await startSession({ modelServer: false, language: locale });
    try {
      const options = await openOptions(session);
      assert.equal(await options.locator('h1').first().innerText(), expected.optionsTitle.message);

      const error = await options.evaluate(() => chrome.i18n.getMessage('error_stage_timed_out', ['Server', '', '30']));
      assert.equal(error, expected.error_stage_timed_out.message.replaceAll('$1', 'Server').replaceAll('$3', '30'));
    } finally {
      await session.close();
    }
  });
}
