/**
 * The popup's list of stages: one row per stage with its state, elapsed
 * time, model, tokens and streaming text, and a Regenerate button once the
 * run has ended.
 *
 * Rows are kept and updated in place, so keyboard focus on a row's text or
 * button survives the once-a-second refresh. State changes (a stage
 * starting, finishing or failing) are announced in a polite live region;
 * streaming text and ticking clocks are not, because a screen reader would
 * read them without end.
 */
import { t } from '../shared/i18n.js';

/** The last announced status of each stage, by run id and stage. */
const announced = new Map();

/**
 * Updates the rows under `list` for `view`. `onRegenerate(stage)` runs when
 * a Regenerate button is clicked; `announce(text)` speaks a state change.
 */
export function renderStages(list, template, view, { onRegenerate, announce }) {
  const ended = !['running', 'capturing'].includes(view.status);
  const rows = view.stages.map((stage) => {
    let row = list.querySelector(`.stage[data-stage="${stage.stage}"]`);
    if (!row) row = createRow(template, stage.stage, onRegenerate);
    updateRow(row, stage, ended);
    return row;
  });

  // Only rows that are missing or out of order move, so focus stays put.
  rows.forEach((row, index) => {
    if (list.children[index] !== row) list.insertBefore(row, list.children[index] ?? null);
  });
  while (list.children.length > rows.length) list.lastElementChild.remove();

  for (const stage of view.stages) {
    const key = `${view.id}:${stage.stage}`;
    if (announced.get(key) !== stage.status && stage.status !== 'waiting') {
      announce(`${t(`stage_${stage.stage}`)}: ${stageState(stage)}`);
    }
    announced.set(key, stage.status);
  }
}

function createRow(template, stage, onRegenerate) {
  const row = template.content.firstElementChild.cloneNode(true);
  row.dataset.stage = stage;
  const name = t(`stage_${stage}`);
  row.querySelector('.stage-name').textContent = name;
  const button = row.querySelector('.regenerate');
  button.textContent = t('popupRegenerate');
  button.setAttribute('aria-label', t('popupRegenerateStage', [name]));
  button.addEventListener('click', () => onRegenerate(stage));
  row.querySelector('.stage-text').setAttribute('aria-label', t('popupStageText', [name]));
  return row;
}

function updateRow(row, stage, ended) {
  row.dataset.status = stage.status;
  setText(row.querySelector('.stage-state'), stageState(stage));
  setText(row.querySelector('.stage-model'), stage.model ? t('popupModelAt', [stage.model, stage.endpoint]) : '');
  setText(row.querySelector('.stage-usage'), stageUsage(stage));
  row.querySelector('.regenerate').hidden = !(ended && stage.status === 'done');

  const text = row.querySelector('.stage-text');
  const showText = Boolean(stage.text) && (stage.status !== 'done' || stage.stage !== 'post');
  text.hidden = !showText;
  setText(text, showText ? stage.text : '');
  if (stage.status === 'running' && document.activeElement !== text) text.scrollTop = text.scrollHeight;
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Returns the state of a stage in words, with its elapsed time or countdown. */
export function stageState(stage) {
  const now = Date.now();
  const elapsed = seconds((stage.finishedAt ?? now) - (stage.startedAt ?? now));
  switch (stage.status) {
    case 'running': {
      const running = t('stageStatus_running', [elapsed]);
      const part = stage.part ? t(`stagePart_${stage.part.phase}`, [stage.part.part, stage.part.parts]) : '';
      return part ? `${part} · ${running}` : running;
    }
    case 'retrying':
      // The countdown of a wait the provider asked for, or of a backoff.
      return t('stageStatus_retrying', [seconds(Math.max(0, (stage.waitUntil ?? now) - now)), t(`waitReason_${stage.reason}`)]);
    case 'done':
      return t('stageStatus_done', [elapsed]);
    case 'failed':
      return stage.startedAt ? t('stageStatus_failedAfter', [elapsed]) : t('stageStatus_failed');
    default:
      return t('stageStatus_waiting');
  }
}

/**
 * Returns the token counts and parts of a finished stage, or an estimate of
 * the tokens streamed so far (about three characters per token, the core's
 * own estimate).
 */
function stageUsage(stage) {
  const parts = [];
  if (stage.status === 'done') {
    if (stage.usage) parts.push(t('popupTokens', [stage.usage.inputTokens, stage.usage.outputTokens]));
    if (stage.parts) parts.push(t('popupParts', [stage.parts]));
  } else if (stage.status === 'running' && stage.text) {
    parts.push(t('popupTokensSoFar', [Math.ceil(stage.text.length / 3)]));
  }
  return parts.join(' · ');
}

function seconds(ms) {
  return String(Math.max(0, Math.round(ms / 1000)));
}
