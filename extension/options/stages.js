/**
 * The stage rows of the options page: which endpoint and model each stage
 * calls, its output limit, whether it runs, and the image stage's options.
 */
import { applyI18n, fieldLabel, t } from '../shared/i18n.js';
import { numberOrText } from './endpoints.js';

export const STAGES = ['post', 'title', 'description', 'image'];

/** Kinds of endpoint whose API draws images. */
const IMAGE_KINDS = new Set(['openai', 'azure']);

/** Fields of the image stage only. */
const IMAGE_FIELDS = ['size', 'quality', 'style', 'outputFormat'];

/** Returns the input of field `name` of a stage, or null. */
export function stageInput(stage, name) {
  return document.querySelector(`.stage[data-stage="${stage}"] .stage-${name}`);
}

/** Builds one row per stage under `container`. */
export function buildStageRows(container) {
  const template = document.getElementById('stage-template');
  for (const stage of STAGES) {
    const row = template.content.firstElementChild.cloneNode(true);
    row.dataset.stage = stage;
    row.querySelector('.stage-name').textContent = t(`stage_${stage}`);
    for (const label of row.querySelectorAll('.stage-label')) {
      const name = label.dataset.field;
      const input = row.querySelector(`.stage-${name}`);
      const id = `stage-${stage}-${name}`;
      input.id = id;
      input.setAttribute('aria-describedby', `${id}-error`);
      label.htmlFor = id;
      label.textContent = fieldLabel(`stages.${stage}.${name}`);
      label.closest('.field').querySelector('.field-error').id = `${id}-error`;
    }
    // The chosen endpoint is remembered apart from the menu, which is
    // rebuilt whenever an endpoint is added, renamed or removed.
    const select = row.querySelector('.stage-endpointId');
    select.addEventListener('change', () => {
      select.dataset.chosen = select.value;
    });
    row.querySelector('.stage-model').placeholder = t(stage === 'image' ? 'optionsImageModelPlaceholder' : 'optionsStageModelPlaceholder');
    if (stage === 'description' || stage === 'image') row.querySelector('.toggle').hidden = false;
    if (stage === 'image') {
      row.querySelector('.text-only').hidden = true;
      row.querySelector('.image-only').hidden = false;
      const help = row.querySelector('.stage-help');
      help.hidden = false;
      help.textContent = t('optionsImageHelp');
    }
    container.append(row);
  }
  applyI18n(container);
}

/** Fills the rows from stored settings. */
export function fillStages(settings) {
  for (const stage of STAGES) {
    const values = settings.stages?.[stage] ?? {};
    stageInput(stage, 'model').value = values.model ?? '';
    if (stage === 'image') {
      for (const name of IMAGE_FIELDS) stageInput(stage, name).value = values[name] ?? '';
      stageInput(stage, 'enabled').checked = values.enabled === true;
    } else {
      stageInput(stage, 'maxTokens').value = values.maxTokens ?? '';
      stageInput(stage, 'enabled').checked = values.enabled !== false;
    }
    stageInput(stage, 'endpointId').dataset.chosen = values.endpointId ?? '';
  }
}

/**
 * Lists `endpoints` (`[{id, name, kind}]`) in every stage's endpoint menu,
 * keeping each stage's choice when its endpoint still exists. The image
 * stage lists only endpoints that draw images, and is off without one.
 */
export function refreshEndpointChoices(endpoints) {
  for (const stage of STAGES) {
    const select = stageInput(stage, 'endpointId');
    const wanted = select.dataset.chosen || select.value;
    const offered = stage === 'image' ? endpoints.filter((endpoint) => IMAGE_KINDS.has(endpoint.kind)) : endpoints;
    select.replaceChildren(...offered.map((endpoint) => new Option(endpoint.name, endpoint.id)));
    if (offered.some((endpoint) => endpoint.id === wanted)) select.value = wanted;

    if (stage === 'image') {
      const enabled = stageInput(stage, 'enabled');
      enabled.disabled = offered.length === 0;
      if (offered.length === 0) enabled.checked = false;
      const help = select.closest('.stage').querySelector('.stage-help');
      help.textContent = t(offered.length === 0 ? 'optionsImageNeedsEndpoint' : 'optionsImageHelp');
    }
  }
}

/** Returns the stages as the rows show them now, keeping fields the page does not show. */
export function readStages(stored) {
  const stages = { ...(stored ?? {}) };
  for (const stage of STAGES) {
    const values = { ...(stages[stage] ?? {}) };
    const endpointId = stageInput(stage, 'endpointId').value;
    if (endpointId) values.endpointId = endpointId;
    else delete values.endpointId;

    const model = stageInput(stage, 'model').value.trim();
    if (model) values.model = model;
    else delete values.model;

    const names = stage === 'image' ? IMAGE_FIELDS : ['maxTokens'];
    for (const name of names) {
      const value = name === 'maxTokens' ? numberOrText(stageInput(stage, name)) : stageInput(stage, name).value.trim() || null;
      if (value === null) delete values[name];
      else values[name] = value;
    }
    if (stage === 'description' || stage === 'image') values.enabled = stageInput(stage, 'enabled').checked;
    stages[stage] = values;
  }
  return stages;
}
