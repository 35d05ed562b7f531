// Runs `web-ext lint`, Mozilla's add-on validator, on both store builds in
// dist/ (written by scripts/build.sh) and fails on any unexpected error or
// warning.
//
// The validator checks a build against Firefox and addons.mozilla.org. The
// Firefox build must pass it with no findings. The Chromium build is not
// meant for Firefox, so a few findings report exactly that and are expected:
// the service worker without a `background.scripts` fallback, no gecko id
// or data collection declaration, and the offscreen document, which
// Firefox lacks. Adding `background.scripts` and the gecko settings to the
// Chromium manifest would make Chrome show manifest warnings on its
// extensions page instead.
// Any other finding in the Chromium build fails, like any in Firefox's.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const WEB_EXT = join(root, 'node_modules', '.bin', 'web-ext');

/** Findings the Chromium build has because it is not a Firefox build. */
const EXPECTED_CHROMIUM_FINDINGS = [
  { code: 'BACKGROUND_SERVICE_WORKER_NOFALLBACK', file: 'manifest.json' },
  { code: 'ADDON_ID_REQUIRED', file: 'manifest.json' },
  { code: 'MISSING_DATA_COLLECTION_PERMISSIONS', file: 'manifest.json' },
  { code: 'MANIFEST_PERMISSIONS', file: 'manifest.json', message: /"offscreen"/ },
  { code: 'UNSUPPORTED_API', file: 'extension/platform/chromium.js', message: /^offscreen\.\w+ is not supported$/ },
];

/** Returns web-ext's report for a folder: `{errors, warnings, notices}`. */
function lint(folder) {
  const args = ['lint', '--source-dir', folder, '--output', 'json', '--no-config-discovery'];
  let output;
  try {
    output = execFileSync(WEB_EXT, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    // web-ext exits with 1 when it finds errors, and still prints its report.
    if (!error.stdout) throw error;
    output = error.stdout;
  }
  return JSON.parse(output);
}

function isExpected(finding, expected) {
  return expected.some(
    (entry) => entry.code === finding.code && entry.file === finding.file && (!entry.message || entry.message.test(finding.message)),
  );
}

function describe(kind, finding) {
  const place = finding.line ? `${finding.file}:${finding.line}` : (finding.file ?? '');
  return `${kind} ${finding.code} ${place}: ${finding.message}`;
}

let failed = false;
for (const [browser, expected] of [
  ['chromium', EXPECTED_CHROMIUM_FINDINGS],
  ['firefox', []],
]) {
  const report = lint(join(root, 'dist', browser));
  const findings = [
    ...report.errors.map((finding) => ['error', finding]),
    ...report.warnings.map((finding) => ['warning', finding]),
  ];
  const unexpected = findings.filter(([, finding]) => !isExpected(finding, expected));
  const notices = report.notices.map((finding) => ['notice', finding]);
  const known = findings.length - unexpected.length;

  console.log(
    `web-ext lint dist/${browser}: ${report.errors.length} errors, ${report.warnings.length} warnings, ` +
      `${report.notices.length} notices; ${known} expected for a build not meant for Firefox`,
  );
  for (const [kind, finding] of [...unexpected, ...notices]) console.log(`  ${describe(kind, finding)}`);
  if (unexpected.length > 0) failed = true;
}

if (failed) {
  console.error('web-ext lint found problems; fix the findings listed above');
  process.exit(1);
}
