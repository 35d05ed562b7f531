/**
 * The output section of the options page: the post language, which parts
 * the post includes, the attribution text and how much the log shows.
 */

const byId = (id) => document.getElementById(id);

let defaultAttribution = '';

/** Wires the section; `attribution` is the core's default attribution text. */
export function buildOutput(attribution) {
  defaultAttribution = attribution;
  byId('reset-attribution').addEventListener('click', () => {
    byId('output-attribution').value = defaultAttribution;
    byId('output-attribution').focus();
  });
}

/** Fills the section from stored settings. */
export function fillOutput(settings) {
  const output = settings.output ?? {};
  byId('output-language').value = output.language ?? '';
  byId('output-includeTitle').checked = output.includeTitle !== false;
  byId('output-includeImage').checked = output.includeImage !== false;
  byId('output-includeLog').checked = output.includeLog !== false;
  byId('output-attribution').value = output.attribution ?? defaultAttribution;
  byId('output-logDetail').value = output.logDetail === 'full' ? 'full' : 'short';
}

/** Returns the output object as the section shows it, keeping fields it does not show. */
export function readOutput(stored) {
  const output = { ...(stored ?? {}) };
  const language = byId('output-language').value.trim();
  if (language) output.language = language;
  else delete output.language;

  for (const name of ['includeTitle', 'includeImage', 'includeLog']) {
    if (byId(`output-${name}`).checked) delete output[name];
    else output[name] = false;
  }

  const attribution = byId('output-attribution').value;
  if (attribution.trim() === defaultAttribution) delete output.attribution;
  else output.attribution = attribution;

  const detail = byId('output-logDetail').value;
  if (detail === 'full') output.logDetail = 'full';
  else delete output.logDetail;
  return output;
}
