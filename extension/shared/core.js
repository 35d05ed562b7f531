/**
 * Loads the wasm core once per context and hands out its functions.
 *
 * The module is imported statically because service workers forbid dynamic
 * `import()`. Initialisation is memoised in one promise. The glue that
 * wasm-bindgen writes keeps a single instance per page. After a panic (a
 * trap, which leaves the instance's memory in an unknown state) the page
 * itself must be replaced, so `coreFailure` marks the core as broken and the
 * host closes or reloads its page.
 */
import init, * as wasm from '../../pkg/core.js';

let ready = null;
let broken = false;

/** Resolves to the core's exports once the wasm module is instantiated. */
export function loadCore() {
  if (broken) return Promise.reject(panicReport('the core stopped earlier in this page'));
  if (!ready) {
    ready = init({ module_or_path: new URL('../../pkg/core_bg.wasm', import.meta.url) }).then(() => wasm);
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/** True after a panic: this page must be replaced before the core runs again. */
export function isCoreBroken() {
  return broken;
}

/**
 * Returns the error report for a failed core call: the report itself when
 * the core threw one, else a `core_panic` report with the panic message, in
 * which case the core is marked broken.
 */
export function coreFailure(error) {
  if (error && typeof error === 'object' && typeof error.code === 'string') return error;
  let detail = '';
  try {
    detail = wasm.takePanicMessage() ?? '';
  } catch {
    // The instance is unusable; the JavaScript error is all there is.
  }
  broken = true;
  return panicReport(detail || String(error?.message ?? error));
}

function panicReport(detail) {
  return {
    code: 'core_panic',
    args: [detail],
    message: `the extension's core stopped with an internal error: ${detail}`,
    hint: 'Click Retry. If it happens again, copy the details and report the problem.',
  };
}
