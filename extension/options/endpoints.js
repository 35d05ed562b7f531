/**
 * The endpoint cards of the options page: one per endpoint, made from a
 * preset, showing the fields its kind of API uses.
 *
 * The presets (base URL, kind, token budget) come from the core, so this
 * module only shows them and reads the fields back; the core validates
 * everything when the page saves or tests an endpoint.
 */
import { applyI18n, t } from '../shared/i18n.js';

/** Fields read back as numbers when they are not empty. */
const NUMBER_FIELDS = ['contextTokens', 'maxOutputTokens', 'timeoutSeconds', 'temperature', 'frequencyPenalty'];

let cardCount = 0;

/** Returns the preset an endpoint stored without one most likely came from. */
export function presetFor(endpoint, presets) {
  const kind = endpoint.kind || 'openai';
  const stored = presets.find((preset) => preset.id === endpoint.preset && preset.kind === kind);
  if (stored) return stored;
  const base = (endpoint.baseUrl ?? '').trim().replace(/\/+$/, '');
  return (
    presets.find((preset) => preset.kind === kind && preset.baseUrl && preset.baseUrl === base) ??
    presets.find((preset) => preset.kind === kind && preset.id === 'custom') ??
    presets.find((preset) => preset.kind === kind) ??
    presets[0]
  );
}

/**
 * Makes a card for `endpoint` (stored values) with its `key`. `presets` are
 * the ones to offer; `onChange` runs when the name or the kind changes.
 */
export function createEndpointCard({ endpoint, key, presets, onChange }) {
  const template = document.getElementById('endpoint-template');
  const card = template.content.firstElementChild.cloneNode(true);
  cardCount += 1;
  card.dataset.id = endpoint.id;
  card.stored = endpoint;
  card.presets = presets;

  // Each input gets an id, its label and its error line.
  for (const input of card.querySelectorAll('[data-name]')) {
    const name = input.dataset.name;
    input.id = `endpoint-${cardCount}-${name}`;
    input.classList.add(`field-${name}`);
    const label = card.querySelector(`label[data-for="${name}"]`);
    if (label) label.htmlFor = input.id;
    const error = input.closest('.field')?.querySelector('.field-error');
    if (error) {
      error.id = `${input.id}-error`;
      input.setAttribute('aria-describedby', error.id);
    }
  }
  applyI18n(card);

  const presetSelect = field(card, 'preset');
  for (const preset of presets) presetSelect.append(new Option(preset.name, preset.id));
  const preset = presetFor(endpoint, presets);
  presetSelect.value = preset.id;
  card.preset = preset;

  field(card, 'name').value = endpoint.name ?? '';
  field(card, 'baseUrl').value = endpoint.baseUrl ?? '';
  field(card, 'apiKey').value = key ?? '';
  field(card, 'model').value = endpoint.model ?? '';
  field(card, 'apiVersion').value = endpoint.apiVersion ?? '';
  for (const name of NUMBER_FIELDS) field(card, name).value = endpoint[name] ?? '';
  field(card, 'stream').checked = endpoint.stream !== false;

  const modelList = card.querySelector('.model-list');
  modelList.id = `endpoint-${cardCount}-models`;
  field(card, 'model').setAttribute('list', modelList.id);

  presetSelect.addEventListener('change', () => {
    const next = presets.find((entry) => entry.id === presetSelect.value);
    const baseUrl = field(card, 'baseUrl');
    // A base URL the user did not change follows the preset.
    if (!baseUrl.value.trim() || baseUrl.value.trim() === card.preset.baseUrl) baseUrl.value = next.baseUrl;
    card.preset = next;
    applyPreset(card);
    onChange();
  });
  field(card, 'name').addEventListener('input', () => {
    applyTitle(card);
    onChange();
  });
  card.querySelector('.show-key').addEventListener('click', (event) => {
    const input = field(card, 'apiKey');
    const showing = input.type === 'text';
    input.type = showing ? 'password' : 'text';
    event.currentTarget.setAttribute('aria-pressed', String(!showing));
    event.currentTarget.textContent = t(showing ? 'optionsShowKey' : 'optionsHideKey');
  });

  applyPreset(card);
  return card;
}

/** Returns the input of field `name` in a card. */
export function field(card, name) {
  return card.querySelector(`[data-name="${name}"]`);
}

/** Shows the fields the card's kind uses, and the preset's values as placeholders. */
function applyPreset(card) {
  const preset = card.preset;
  for (const element of card.querySelectorAll('[data-kinds]')) {
    element.hidden = !element.dataset.kinds.split(' ').includes(preset.kind);
  }
  field(card, 'baseUrl').placeholder = preset.baseUrl;
  field(card, 'model').placeholder = preset.modelExample;
  field(card, 'contextTokens').placeholder = String(preset.contextTokens);
  field(card, 'maxOutputTokens').placeholder = String(preset.maxOutputTokens);
  card.querySelector('.base-url-help').textContent = t(`optionsBaseUrlHelp_${preset.kind}`);
  card.querySelector('.load-models').hidden = !preset.listsModels;
  applyTitle(card);
}

function applyTitle(card) {
  card.querySelector('.endpoint-title').textContent = field(card, 'name').value.trim() || card.preset.name;
}

/** Returns `{endpoint, key}` as the card's fields show them now. */
export function readEndpointCard(card) {
  const preset = card.preset;
  const text = (name) => field(card, name).value.trim();
  const endpoint = {
    ...card.stored,
    id: card.dataset.id,
    name: text('name') || preset.name,
    preset: preset.id,
    kind: preset.kind,
    baseUrl: preset.kind === 'builtin' ? '' : text('baseUrl'),
    model: text('model'),
  };

  if (preset.kind === 'azure' && text('apiVersion')) endpoint.apiVersion = text('apiVersion');
  else delete endpoint.apiVersion;
  for (const name of NUMBER_FIELDS) {
    const value = numberOrText(field(card, name));
    if (value === null) delete endpoint[name];
    else endpoint[name] = value;
  }
  if (field(card, 'stream').checked) delete endpoint.stream;
  else endpoint.stream = false;

  const key = preset.kind === 'builtin' ? '' : text('apiKey');
  return { endpoint, key };
}

/** Returns a number from an input, null when it is empty, or the raw text when it is not a number. */
export function numberOrText(input) {
  const text = input.value.trim();
  if (text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

/** Shows a line of status under a card; `kind` is `ok`, `error` or empty. */
export function setCardStatus(card, message, kind = '') {
  const status = card.querySelector('.endpoint-status');
  status.textContent = message;
  status.dataset.kind = kind;
}
