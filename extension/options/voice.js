/**
 * The instruction editor of each text stage and the theme: what makes the
 * post's voice the user's own.
 *
 * Each instruction has buttons that insert the variables the core expands
 * (`{title}`, `{previous}`…) and a Reset to default. An instruction equal
 * to the default is not stored, so users who never changed it get a better
 * default when one ships. The core validates what is stored.
 */
import { applyI18n, t } from '../shared/i18n.js';

export const TEXT_STAGES = ['post', 'title', 'description'];

let defaults = null;

/** Returns the instruction textarea of a stage. */
export function instructionInput(stage) {
  return document.getElementById(`stages-${stage}-instruction`);
}

/** Builds the instruction editors under `container` from the core's `defaults`. */
export function buildVoice(container, coreDefaults) {
  defaults = coreDefaults;
  const template = document.getElementById('instruction-template');
  for (const stage of TEXT_STAGES) {
    const editor = template.content.firstElementChild.cloneNode(true);
    applyI18n(editor);
    const id = `stages-${stage}-instruction`;
    const input = editor.querySelector('.instruction-text');
    input.id = id;
    input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    const label = editor.querySelector('.instruction-label');
    label.htmlFor = id;
    label.textContent = t('optionsInstructionOf', [t(`stage_${stage}`)]);
    editor.querySelector('.instruction-help').id = `${id}-help`;
    editor.querySelector('.instruction-help').textContent = t(`optionsInstructionHelp_${stage}`);
    editor.querySelector('.field-error').id = `${id}-error`;

    const group = editor.querySelector('.variables');
    group.setAttribute('aria-label', t('optionsVariablesOf', [t(`stage_${stage}`)]));
    for (const name of defaults.variables) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = `{${name}}`;
      button.title = t(`optionsVariable_${name}`);
      button.setAttribute('aria-label', t('optionsInsertVariable', [`{${name}}`, t(`optionsVariable_${name}`)]));
      button.addEventListener('click', () => insertAtCursor(input, `{${name}}`));
      group.append(button);
    }

    const reset = editor.querySelector('.reset-instruction');
    reset.setAttribute('aria-label', t('optionsResetInstructionOf', [t(`stage_${stage}`)]));
    reset.addEventListener('click', () => {
      input.value = defaults.instructions[stage];
      input.focus();
    });
    container.append(editor);
  }

  document.getElementById('reset-theme').addEventListener('click', () => {
    document.getElementById('theme-artStyles').value = defaults.artStyles.join(', ');
    document.getElementById('theme-theme').value = defaults.theme;
  });
}

function insertAtCursor(input, text) {
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  input.setRangeText(text, start, end, 'end');
  input.focus();
}

/** Fills the instructions and theme from stored settings. */
export function fillVoice(settings) {
  for (const stage of TEXT_STAGES) {
    instructionInput(stage).value = settings.stages?.[stage]?.instruction ?? defaults.instructions[stage];
  }
  const styles = settings.theme?.artStyles ?? defaults.artStyles;
  document.getElementById('theme-artStyles').value = styles.join(', ');
  document.getElementById('theme-theme').value = settings.theme?.theme ?? defaults.theme;
}

/** Writes the instructions into `stages` (the stages as read) and returns the theme object. */
export function readVoice(stages, storedTheme) {
  for (const stage of TEXT_STAGES) {
    const text = instructionInput(stage).value;
    const values = { ...(stages[stage] ?? {}) };
    if (text.trim() === defaults.instructions[stage]) delete values.instruction;
    else values.instruction = text;
    stages[stage] = values;
  }

  const theme = { ...(storedTheme ?? {}) };
  const styles = document.getElementById('theme-artStyles').value.split(',').map((style) => style.trim());
  const sameStyles = styles.length === defaults.artStyles.length && styles.every((style, index) => style === defaults.artStyles[index]);
  if (sameStyles) delete theme.artStyles;
  else theme.artStyles = styles.length === 1 && styles[0] === '' ? [] : styles;
  const text = document.getElementById('theme-theme').value;
  if (text.trim() === defaults.theme) delete theme.theme;
  else theme.theme = text;
  return theme;
}
