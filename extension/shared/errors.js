/**
 * Error reports made in JavaScript, in the core's shape.
 *
 * Failures that happen before the core runs (a page the browser does not
 * let extensions read, a closed tab, a failed clipboard write) are reported
 * as `{code, args, message, hint}` objects, the shape the core returns. So
 * every page shows every error the same way. The English text is the fallback; the
 * locale files hold `error_<code>` and `hint_<code>`.
 */

/** Returns an error report. */
export function report(code, args, message, hint) {
  return { code, args: args.map(String), message, hint };
}

/** Returns true for values in the report shape. */
export function isReport(value) {
  return Boolean(value) && typeof value === 'object' && typeof value.code === 'string' && Array.isArray(value.args);
}
