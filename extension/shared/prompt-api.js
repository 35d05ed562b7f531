/**
 * The bridge between the core and the browser's built-in model (Chrome's
 * Prompt API, `LanguageModel`).
 *
 * The core builds the prompt and reads the answer; this module only hands
 * the system prompt and the input to a new session and hands back
 * `promptStreaming()`'s stream of text pieces. Failures are the API's own
 * `DOMException`s (or ones with the same names), so the core can tell a
 * missing model (`NotSupportedError`) from one still to be downloaded
 * (`NotAllowedError`).
 */

/** Availability values that mean the model can run here, now or after its download. */
const OFFERED = new Set(['available', 'downloadable', 'downloading']);

/**
 * Languages of the session. Chrome asks for them so it can check the model
 * supports them, and warns without them.
 * NOTE: the prompt is English, but the answer follows the article, whose
 * language is not passed here yet.
 */
const LANGUAGES = { expectedInputs: [{ type: 'text', languages: ['en'] }], expectedOutputs: [{ type: 'text', languages: ['en'] }] };

/** The object the core calls through (`runStages(…, bridge)`). */
export const promptBridge = Object.freeze({
  async stream({ system, input, temperature }, signal) {
    const api = globalThis.LanguageModel;
    if (!api) throw new DOMException('this browser has no Prompt API', 'NotSupportedError');

    const availability = await api.availability(LANGUAGES);
    if (availability === 'unavailable') {
      throw new DOMException('the browser reports that this device cannot run its built-in model', 'NotSupportedError');
    }
    if (availability !== 'available') {
      throw new DOMException(`the model is ${availability} and must be downloaded from the options page first`, 'NotAllowedError');
    }

    const options = { ...LANGUAGES, initialPrompts: [{ role: 'system', content: system }], signal };
    // The API takes temperature only together with topK.
    if (typeof temperature === 'number') {
      const params = await api.params?.();
      Object.assign(options, { temperature, topK: params?.defaultTopK ?? 3 });
    }
    const session = await api.create(options);
    signal?.addEventListener('abort', () => session.destroy(), { once: true });
    const stream = session.promptStreaming(input, { signal });
    return stream.pipeThrough(
      new TransformStream({
        flush() {
          session.destroy();
        },
      }),
    );
  },
});

/**
 * Returns the built-in model's availability (`available`, `downloadable`,
 * `downloading` or `unavailable`); `unavailable` when the browser has no
 * Prompt API.
 */
export async function builtinAvailability() {
  const api = globalThis.LanguageModel;
  if (!api) return 'unavailable';
  try {
    return await api.availability(LANGUAGES);
  } catch {
    return 'unavailable';
  }
}

/** True when the options page should offer the built-in model. */
export function isOffered(availability) {
  return OFFERED.has(availability);
}

/**
 * Downloads the built-in model. Call it from a click, which the browser
 * requires; `onProgress` receives the share downloaded, from 0 to 1.
 */
export async function downloadBuiltinModel(onProgress) {
  const session = await globalThis.LanguageModel.create({
    ...LANGUAGES,
    monitor(monitor) {
      monitor.addEventListener('downloadprogress', (event) => onProgress(event.loaded));
    },
  });
  session.destroy();
}
