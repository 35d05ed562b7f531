/**
 * The options page: the model endpoints with their keys and budgets, the
 * endpoint, model and output limit of each stage, the instructions and
 * theme, the output settings, key storage and site access, and export and
 * import of settings.
 *
 * Validation is the core's (`validateSettings`), so the page shows exactly
 * the problems a run would hit, each beside its field. Saving asks for
 * access to the endpoints' origins, which lets the extension call endpoints
 * that send no CORS headers. "Test connection" and "Load models" run in this
 * page through the core, with the fields as they are, before saving.
 */
import { loadCore } from '../shared/core.js';
import { applyI18n, fieldLabel, localizeReport, t } from '../shared/i18n.js';
import { builtinAvailability, downloadBuiltinModel, isOffered, promptBridge } from '../shared/prompt-api.js';
import { loadSettings, saveSettings } from '../shared/storage.js';
import { originsToRelease, releaseOrigins, showGrantedOrigins } from './access.js';
import { createEndpointCard, field, readEndpointCard, setCardStatus } from './endpoints.js';
import { buildOutput, fillOutput, readOutput } from './output.js';
import { buildStageRows, fillStages, readStages, refreshEndpointChoices, stageInput } from './stages.js';
import { exportSettings, importSettings } from './transfer.js';
import { buildVoice, fillVoice, readVoice } from './voice.js';

/** Preset of the first endpoint of a new user. */
const FIRST_PRESET = 'openai';

const form = document.getElementById('form');
const status = document.getElementById('status');
const cards = document.getElementById('endpoints');
const addPreset = document.getElementById('add-preset');
const sessionKeys = document.getElementById('session-keys');

/** Settings as loaded, so fields this page does not show are kept on save. */
let stored = {};
/** Presets the page offers, from the core. */
let presets = [];
/** The built-in model's availability in this browser. */
let builtin = 'unavailable';

function allCards() {
  return [...cards.querySelectorAll('.endpoint')];
}

function addCard(endpoint, key) {
  const card = createEndpointCard({ endpoint, key, presets, onChange: endpointsChanged });
  card.querySelector('.remove-endpoint').addEventListener('click', () => {
    card.remove();
    endpointsChanged();
  });
  card.querySelector('.test-connection').addEventListener('click', () => guard(card, testConnection));
  card.querySelector('.load-models').addEventListener('click', () => guard(card, loadModels));
  card.querySelector('.download-model').addEventListener('click', () => guard(card, downloadModel));
  cards.append(card);
  showBuiltinState(card);
  endpointsChanged();
  return card;
}

/** Updates what depends on the list of endpoints: stage menus and remove buttons. */
function endpointsChanged() {
  const list = allCards().map((card) => {
    const { endpoint } = readEndpointCard(card);
    return { id: endpoint.id, name: endpoint.name, kind: endpoint.kind };
  });
  refreshEndpointChoices(list);
  for (const card of allCards()) card.querySelector('.remove-endpoint').hidden = list.length < 2;
  for (const card of allCards()) showBuiltinState(card);
}

function showBuiltinState(card) {
  const isBuiltin = card.preset.kind === 'builtin';
  card.querySelector('.download-model').hidden = !isBuiltin || builtin === 'available' || !isOffered(builtin);
  if (isBuiltin && !card.querySelector('.endpoint-status').textContent) {
    setCardStatus(card, t(`optionsBuiltin_${builtin}`));
  }
}

function newEndpointId() {
  return `endpoint-${crypto.randomUUID().slice(0, 8)}`;
}

function fill(settings, keys) {
  const first = presets.find((preset) => preset.id === FIRST_PRESET) ?? presets[0];
  const endpoints = settings.endpoints?.length
    ? settings.endpoints
    : [{ id: 'default', preset: first.id, kind: first.kind, baseUrl: first.baseUrl }];
  cards.replaceChildren();
  fillStages(settings);
  fillVoice(settings);
  fillOutput(settings);
  for (const endpoint of endpoints) addCard(endpoint, keys[endpoint.id]);
}

function collect() {
  const endpoints = [];
  const keys = {};
  for (const card of allCards()) {
    const { endpoint, key } = readEndpointCard(card);
    endpoints.push(endpoint);
    if (key) keys[endpoint.id] = key;
  }
  const stages = readStages(stored.stages);
  const theme = readVoice(stages, stored.theme);
  const settings = { ...stored, endpoints, stages, theme, output: readOutput(stored.output) };
  return { settings, keys };
}

/** Returns the input a settings field path belongs to, or null. */
function inputForField(path) {
  const direct = document.getElementById(path.replaceAll('.', '-'));
  if (direct) return direct;
  const [group, id, name] = path.split('.');
  if (group === 'endpoints') {
    const card = allCards().find((entry) => entry.dataset.id === id);
    if (!card) return null;
    const target = { id: 'name', kind: 'preset' }[name] ?? name;
    return field(card, target);
  }
  if (group === 'stages') return stageInput(id, name) ?? stageInput(id, 'endpointId');
  return null;
}

function clearErrors() {
  for (const element of document.querySelectorAll('.field-error')) element.textContent = '';
  for (const element of document.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
}

/** Shows each error beside its field; returns those that have no field. */
function showErrors(errors) {
  const unplaced = [];
  for (const error of errors) {
    const { message, hint } = localizeReport(error);
    const input = inputForField(error.field);
    const target = input && document.getElementById(`${input.id}-error`);
    if (target && !input.closest('[hidden]')) {
      target.textContent = `${message} ${hint}`.trim();
      input.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${fieldLabel(error.field)}: ${message} ${hint}`.trim());
    }
  }
  document.querySelector('[aria-invalid="true"]')?.focus();
  return unplaced;
}

/**
 * Asks for access to `patterns`. Call it in a click's task, so the browser
 * sees the user gesture; resolves to false when the user declines.
 */
async function requestAccess(patterns) {
  if (patterns.length === 0) return true;
  try {
    return await chrome.permissions.request({ origins: patterns });
  } catch (error) {
    console.warn('Summarize to Post: permission request failed', error);
    return false;
  }
}

async function save(event) {
  event.preventDefault();
  clearErrors();
  const { settings, keys } = collect();

  const core = await loadCore();
  const validation = core.validateSettings(settings, keys);
  if (validation.errors.length > 0) {
    const unplaced = showErrors(validation.errors);
    status.textContent = [t('optionsNotSaved'), ...unplaced].join(' ');
    return;
  }

  const granted = await requestAccess(validation.origins);
  const before = (stored.endpoints ?? []).map((endpoint) => patternOf(core, endpoint)).filter(Boolean);
  await saveSettings(settings, keys, { sessionKeys: sessionKeys.checked });
  stored = settings;
  const released = await releaseOrigins(originsToRelease(before, validation.origins));
  const messages = [granted ? t('optionsSaved') : t('optionsSavedWithoutAccess', [validation.origins.join(', ')])];
  if (released.length) messages.push(t('optionsReleased', [released.join(', ')]));
  status.textContent = messages.join(' ');
  await refreshOrigins();
}

function patternOf(core, endpoint) {
  return endpoint.kind === 'builtin' || !endpoint.baseUrl ? null : core.permissionPattern(endpoint.baseUrl);
}

/** Shows the granted origins with the saved endpoints that use them. */
async function refreshOrigins() {
  const core = await loadCore();
  const byPattern = new Map();
  for (const endpoint of stored.endpoints ?? []) {
    const pattern = patternOf(core, endpoint);
    if (pattern) byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), endpoint.name || endpoint.id]);
  }
  await showGrantedOrigins(document.getElementById('origins'), byPattern, () => refreshOrigins());
}

/** Runs a card's action with its buttons disabled, reporting unexpected failures. */
async function guard(card, action) {
  const buttons = card.querySelectorAll('.endpoint-actions button');
  for (const button of buttons) button.disabled = true;
  try {
    await action(card);
  } catch (error) {
    setCardStatus(card, t('optionsActionFailed', [String(error?.message ?? error)]), 'error');
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** Prepares a check of one card: validates it and asks for its origin. */
async function prepareCheck(card) {
  clearErrors();
  const core = await loadCore();
  const { settings, keys } = collect();
  const { endpoint } = readEndpointCard(card);
  const pattern = endpoint.kind === 'builtin' ? null : core.permissionPattern(endpoint.baseUrl);
  if (pattern && !(await requestAccess([pattern]))) {
    setCardStatus(card, t('optionsNoAccess', [pattern]), 'error');
    return null;
  }
  return { core, settings, keys, endpoint };
}

/** Shows the outcome of a check that failed; true when it did. */
function showCheckFailure(card, result) {
  if (result.errors.length > 0) {
    const unplaced = showErrors(result.errors);
    setCardStatus(card, [t('optionsFixFields'), ...unplaced].join(' '), 'error');
    return true;
  }
  if (result.error) {
    const { message, hint } = localizeReport(result.error);
    setCardStatus(card, `${message} ${hint}`.trim(), 'error');
    return true;
  }
  return false;
}

async function testConnection(card) {
  setCardStatus(card, t('optionsTesting'));
  const check = await prepareCheck(card);
  if (!check) return;
  const result = await check.core.testConnection(check.settings, check.keys, check.endpoint.id, null, promptBridge);
  if (showCheckFailure(card, result)) return;

  const { model, text } = result.result;
  const name = model ?? check.endpoint.model;
  setCardStatus(card, text ? t('optionsConnected', [name, text]) : t('optionsConnectedNoText', [name]), 'ok');
}

async function loadModels(card) {
  setCardStatus(card, t('optionsLoadingModels'));
  const check = await prepareCheck(card);
  if (!check) return;
  const result = await check.core.listModels(check.settings, check.keys, check.endpoint.id);
  if (showCheckFailure(card, result)) return;

  const list = card.querySelector('.model-list');
  list.replaceChildren(...result.result.map((name) => new Option(name, name)));
  setCardStatus(card, result.result.length ? t('optionsModelsLoaded', [result.result.length]) : t('optionsNoModels'), 'ok');
}

async function downloadModel(card) {
  setCardStatus(card, t('optionsBuiltin_downloading'));
  await downloadBuiltinModel((share) => setCardStatus(card, t('optionsDownloadProgress', [Math.round(share * 100)])));
  builtin = await builtinAvailability();
  setCardStatus(card, t(`optionsBuiltin_${builtin}`), builtin === 'available' ? 'ok' : '');
  showBuiltinState(card);
}

document.getElementById('add-endpoint').addEventListener('click', () => {
  const preset = presets.find((entry) => entry.id === addPreset.value) ?? presets[0];
  const card = addCard({ id: newEndpointId(), preset: preset.id, kind: preset.kind, baseUrl: preset.baseUrl }, '');
  field(card, 'name').focus();
});

document.getElementById('export').addEventListener('click', () => {
  const transferStatus = document.getElementById('transfer-status');
  loadSettings()
    .then((saved) => exportSettings(saved, document.getElementById('export-keys').checked))
    .catch((error) => {
      transferStatus.textContent = t('optionsActionFailed', [String(error?.message ?? error)]);
    });
});

document.getElementById('import-file').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (!file) return;
  const imported = await importSettings(file);
  if (!imported) return;
  // The form keeps the keys of endpoints the file has no key for.
  const current = collect().keys;
  clearErrors();
  fill(imported.settings, { ...current, ...imported.keys });
  stored = { ...imported.settings };
  status.textContent = t('optionsImportReview');
});

form.addEventListener('submit', (event) => {
  save(event).catch((error) => {
    status.textContent = t('optionsSaveFailed', [String(error?.message ?? error)]);
  });
});

async function start() {
  applyI18n();
  buildStageRows(document.getElementById('stages'));
  const [core, availability, loaded] = await Promise.all([loadCore(), builtinAvailability(), loadSettings()]);
  builtin = availability;
  const defaults = core.settingsDefaults();
  buildVoice(document.getElementById('instructions'), defaults);
  buildOutput(defaults.attribution);
  sessionKeys.checked = loaded.sessionKeys;

  // The built-in model is offered only where the browser reports it can run,
  // and kept for endpoints already set up with it.
  const usesBuiltin = (loaded.settings.endpoints ?? []).some((endpoint) => endpoint.kind === 'builtin');
  presets = core.presets().filter((preset) => preset.kind !== 'builtin' || isOffered(builtin) || usesBuiltin);
  for (const preset of presets) addPreset.append(new Option(preset.name, preset.id));

  stored = loaded.settings;
  fill(loaded.settings, loaded.keys);
  await refreshOrigins();
}

start().catch((error) => {
  status.textContent = t('optionsLoadFailed', [String(error?.message ?? error)]);
});
