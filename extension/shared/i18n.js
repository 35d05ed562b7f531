/**
 * User-visible text from the locale files.
 *
 * Every string a user sees comes from `_locales/<lang>/messages.json`:
 * page text through `data-i18n` attributes, errors through their stable
 * code (`error_<code>` and `hint_<code>`, with the report's args as `$1`…),
 * and the words of the post layout through `postLabels()`. The English text
 * the core puts in a report is the fallback when a locale lacks a code.
 */

/** Returns the localised message `key` with `args` substituted. */
export function t(key, args = []) {
  const text = chrome.i18n.getMessage(key, args.slice(0, 9).map(String));
  return text || key;
}

/** Returns `{message, hint}` for an error report `{code, args, message, hint}`. */
export function localizeReport(report) {
  const args = [...(report?.args ?? [])];
  // Some arguments are codes with messages of their own.
  if (report?.code === 'settings_invalid_url' && args[2]) args[2] = t(`urlProblem_${args[2]}`);
  if (report?.code === 'extract_not_an_article' && args[1]) args[1] = t(`reason_${args[1]}`);
  const message = chrome.i18n.getMessage(`error_${report?.code}`, args.map(String)) || report?.message || '';
  const hint = chrome.i18n.getMessage(`hint_${report?.code}`, args.map(String)) || report?.hint || '';
  return { message, hint };
}

/** Returns the localised name of a settings field path such as `stages.title.model`. */
export function fieldLabel(path) {
  const [group, id, name] = String(path).split('.');
  if (group === 'stages' && name) return t(`field_stage_${name}`, [t(`stage_${id}`)]);
  if (group === 'endpoints' && name) return t(`field_endpoint_${name}`);
  return t(`field_${String(path).replaceAll('.', '_')}`);
}

/** Fills `data-i18n` text and `data-i18n-<attribute>` attributes under `root`. */
export function applyI18n(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const attribute of ['title', 'placeholder', 'aria-label']) {
    const dataName = `i18n${attribute.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`;
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.dataset[dataName]));
    }
  }
  document.documentElement.lang = chrome.i18n.getUILanguage();
  document.documentElement.dir = t('@@bidi_dir');
}

/** Returns the words of the post layout for the core's renderer. */
export function postLabels() {
  return {
    stagePost: t('post_stage_post'),
    stageTitle: t('post_stage_title'),
    stageDescription: t('post_stage_description'),
    stageImage: t('post_stage_image'),
    ai: t('post_label_ai'),
    instruction: t('post_label_instruction'),
    prompt: t('post_label_prompt'),
    response: t('post_label_response'),
    noResponseId: t('post_no_response_id'),
    modelAsRequested: t('post_model_as_requested'),
    articleReference: t('post_article_reference'),
    selectionReference: t('post_selection_reference'),
    postReference: t('post_post_reference'),
    bodyReference: t('post_body_reference'),
    titleReference: t('post_title_reference'),
    descriptionReference: t('post_description_reference'),
    tokens: t('post_label_tokens'),
    // The core fills in these templates, so the placeholders go to it as
    // `{name}` instead of the numbers.
    tokensValue: t('post_tokens_value', ['{input}', '{output}']),
    note: t('post_label_note'),
    partsNote: t('post_parts_note', ['{parts}']),
    imageId: t('post_image_id', ['{created}']),
    revisedPrompt: t('post_label_revised_prompt'),
    imageResponse: t('post_image_response', ['{size}']),
  };
}
