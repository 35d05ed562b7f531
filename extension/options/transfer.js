/**
 * Export and import of settings on the options page.
 *
 * The core writes and reads the file (`writeSettingsFile`,
 * `readSettingsFile`), so an import is checked by the same validation as
 * a save. Keys are left out of an export unless the user ticks the box. An
 * imported file fills the form and is stored only when the user saves, so
 * the permission requests of its endpoints come from that click.
 */
import { loadCore } from '../shared/core.js';
import { fieldLabel, localizeReport, t } from '../shared/i18n.js';

const status = () => document.getElementById('transfer-status');

/** Downloads the stored settings as a file, with keys when `includeKeys` is set. */
export async function exportSettings({ settings, keys }, includeKeys) {
  const core = await loadCore();
  const text = core.writeSettingsFile(settings, includeKeys ? keys : null);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `summarize-to-post-settings-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  status().textContent = t(includeKeys ? 'optionsExportedWithKeys' : 'optionsExported');
}

/**
 * Reads a chosen file. Resolves to `{settings, keys}` to fill the form
 * with, or null after showing why the file cannot be imported.
 */
export async function importSettings(file) {
  const core = await loadCore();
  const result = core.readSettingsFile(await file.text());
  if (result.error) {
    const { message, hint } = localizeReport(result.error);
    status().textContent = `${t('optionsImportFailed')} ${message} ${hint}`;
    return null;
  }
  if (result.errors.length > 0) {
    const problems = result.errors.map((error) => {
      const { message, hint } = localizeReport(error);
      return `${fieldLabel(error.field)}: ${message} ${hint}`;
    });
    status().textContent = [t('optionsImportInvalid'), ...problems].join(' ');
    return null;
  }
  const keyCount = Object.keys(result.keys).length;
  status().textContent = keyCount ? t('optionsImportedWithKeys', [keyCount]) : t('optionsImported');
  return { settings: result.settings, keys: result.keys };
}
