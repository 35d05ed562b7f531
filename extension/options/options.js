/**
 * The options page: the model endpoint, its key and model, and the model
 * and output limit of each stage.
 *
 * Validation is the core's (`validateSettings`), so the page shows exactly
 * the problems a run would hit, each beside its field. On save, the page
 * asks for access to the endpoint's origin, which lets the extension call
 * endpoints that send no CORS headers.
 */
import { loadCore } from '../shared/core.js';
import { applyI18n, fieldLabel, localizeReport, t } from '../shared/i18n.js';
import { loadSettings, saveSettings } from '../shared/storage.js';

/** Id of the endpoint this page edits. */
const ENDPOINT_ID = 'default';
const STAGES = ['post', 'title', 'description'];

const form = document.getElementById('form');
const status = document.getElementById('status');
const keyInput = document.getElementById('endpoint-apiKey');

/** Settings as loaded, so fields this page does not show are kept on save. */
let stored = {};

function endpointInput(name) {
  return document.getElementById(`endpoint-${name}`);
}

function stageInput(stage, name) {
  return document.querySelector(`.stage[data-stage="${stage}"] .stage-${name}`);
}

function buildStageRows() {
  const template = document.getElementById('stage-template');
  const container = document.getElementById('stages');
  for (const stage of STAGES) {
    const row = template.content.firstElementChild.cloneNode(true);
    row.dataset.stage = stage;
    row.querySelector('.stage-name').textContent = t(`stage_${stage}`);
    for (const [name, labelClass, errorClass] of [
      ['model', 'model-label', 'model-error'],
      ['maxTokens', 'tokens-label', 'tokens-error'],
    ]) {
      const id = `stage-${stage}-${name}`;
      const input = row.querySelector(`.stage-${name}`);
      input.id = id;
      input.setAttribute('aria-describedby', `${id}-error`);
      row.querySelector(`.${labelClass}`).htmlFor = id;
      row.querySelector(`.${labelClass}`).textContent = fieldLabel(`stages.${stage}.${name}`);
      row.querySelector(`.${errorClass}`).id = `${id}-error`;
    }
    row.querySelector('.stage-model').placeholder = t('optionsStageModelPlaceholder');
    if (stage === 'description') row.querySelector('.toggle').hidden = false;
    container.append(row);
  }
}

function fill(settings, keys) {
  const endpoint = settings.endpoints?.find((entry) => entry.id === ENDPOINT_ID) ?? settings.endpoints?.[0] ?? {};
  endpointInput('baseUrl').value = endpoint.baseUrl ?? '';
  endpointInput('model').value = endpoint.model ?? '';
  endpointInput('temperature').value = endpoint.temperature ?? '';
  endpointInput('frequencyPenalty').value = endpoint.frequencyPenalty ?? '';
  keyInput.value = keys[endpoint.id ?? ENDPOINT_ID] ?? '';

  for (const stage of STAGES) {
    const values = settings.stages?.[stage] ?? {};
    stageInput(stage, 'model').value = values.model ?? '';
    stageInput(stage, 'maxTokens').value = values.maxTokens ?? '';
    stageInput(stage, 'enabled').checked = values.enabled !== false;
  }
}

/** Returns a number from an input, null when it is empty, or the raw text when it is not a number. */
function numberOrNull(input) {
  const text = input.value.trim();
  if (text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

function collect() {
  const endpoint = {
    id: ENDPOINT_ID,
    name: t('optionsDefaultEndpointName'),
    kind: 'openai',
    baseUrl: endpointInput('baseUrl').value.trim(),
    model: endpointInput('model').value.trim(),
  };
  const temperature = numberOrNull(endpointInput('temperature'));
  const penalty = numberOrNull(endpointInput('frequencyPenalty'));
  if (temperature !== null) endpoint.temperature = temperature;
  if (penalty !== null) endpoint.frequencyPenalty = penalty;

  const stages = { ...(stored.stages ?? {}) };
  for (const stage of STAGES) {
    const values = { ...(stages[stage] ?? {}), endpointId: ENDPOINT_ID };
    const model = stageInput(stage, 'model').value.trim();
    const maxTokens = numberOrNull(stageInput(stage, 'maxTokens'));
    if (model) values.model = model;
    else delete values.model;
    if (maxTokens !== null) values.maxTokens = maxTokens;
    else delete values.maxTokens;
    if (stage === 'description') values.enabled = stageInput(stage, 'enabled').checked;
    stages[stage] = values;
  }

  const others = (stored.endpoints ?? []).filter((entry) => entry.id !== ENDPOINT_ID);
  const settings = { ...stored, endpoints: [endpoint, ...others], stages };
  const keys = { [ENDPOINT_ID]: keyInput.value.trim() };
  return { settings, keys };
}

/** Returns the input a settings field path belongs to, or null. */
function inputForField(path) {
  const [group, id, name] = path.split('.');
  if (group === 'endpoints' && id === ENDPOINT_ID) return endpointInput(name === 'id' || name === 'kind' ? 'baseUrl' : name);
  if (group === 'stages') return stageInput(id, name === 'endpointId' ? 'model' : name);
  return null;
}

function clearErrors() {
  for (const element of document.querySelectorAll('.field-error')) element.textContent = '';
  for (const element of document.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
}

function showErrors(errors) {
  const unplaced = [];
  for (const error of errors) {
    const { message, hint } = localizeReport(error);
    const input = inputForField(error.field);
    const target = input && document.getElementById(`${input.id}-error`);
    if (target) {
      target.textContent = `${message} ${hint}`.trim();
      input.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${fieldLabel(error.field)}: ${message} ${hint}`.trim());
    }
  }
  status.textContent = [t('optionsNotSaved'), ...unplaced].join(' ');
  document.querySelector('[aria-invalid="true"]')?.focus();
}

async function save(event) {
  event.preventDefault();
  clearErrors();
  const { settings, keys } = collect();

  const core = await loadCore();
  const validation = core.validateSettings(settings, keys);
  if (validation.errors.length > 0) {
    showErrors(validation.errors);
    return;
  }

  // Called in the click's task so the browser sees the user gesture.
  let granted = true;
  try {
    granted = await chrome.permissions.request({ origins: validation.origins });
  } catch (error) {
    granted = false;
    console.warn('Summarize to Post: permission request failed', error);
  }

  await saveSettings(settings, keys);
  stored = settings;
  status.textContent = granted ? t('optionsSaved') : t('optionsSavedWithoutAccess', [validation.origins.join(', ')]);
}

document.getElementById('show-key').addEventListener('click', (event) => {
  const showing = keyInput.type === 'text';
  keyInput.type = showing ? 'password' : 'text';
  event.currentTarget.setAttribute('aria-pressed', String(!showing));
  event.currentTarget.textContent = t(showing ? 'optionsShowKey' : 'optionsHideKey');
});

form.addEventListener('submit', (event) => {
  save(event).catch((error) => {
    status.textContent = t('optionsSaveFailed', [String(error?.message ?? error)]);
  });
});

applyI18n();
buildStageRows();
applyI18n(document.getElementById('stages'));
loadCore().catch(() => {});
loadSettings().then(({ settings, keys }) => {
  stored = settings;
  fill(settings, keys);
});
