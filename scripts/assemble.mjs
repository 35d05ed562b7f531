// Assembles the built extension under dist/ from the repository files and
// pkg/. Run by scripts/build.sh after the wasm core is built.
//
// dist/chromium/ and dist/firefox/ hold only what each browser loads, and
// each is zipped for its stores. Both come from the same sources: the
// Firefox build gets its own manifest (see manifests.mjs) and its
// platform/current.js re-exports firefox.js instead of chromium.js.
//
// dist/chromium-test/ and dist/firefox-test/ add what automated tests need
// and users must not get: a page that reads the clipboard back (with the
// `clipboardRead` permission), access to pages on 127.0.0.1, because a test
// cannot click the toolbar button that grants `activeTab`, and a core built
// with the `test-hooks` feature.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromiumManifest, firefoxManifest, withTestAdditions } from './lib/manifests.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const PKG_FILES = ['core.js', 'core_bg.wasm'];

/** Files of `extension/` that only the other browser loads. */
const LEFT_OUT = {
  chromium: ['platform/firefox.js'],
  firefox: ['platform/chromium.js', 'offscreen'],
};

function assemble(browser, target, pkg) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, 'pkg'), { recursive: true });
  for (const entry of ['_locales', 'extension']) {
    cpSync(join(root, entry), join(target, entry), { recursive: true });
  }
  for (const path of LEFT_OUT[browser]) {
    rmSync(join(target, 'extension', path), { recursive: true });
  }
  for (const file of PKG_FILES) {
    const source = join(pkg, file);
    if (!existsSync(source)) throw new Error(`${source} is missing: build the wasm core first`);
    cpSync(source, join(target, 'pkg', file));
  }

  const base = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const manifest = browser === 'firefox' ? firefoxManifest(base) : chromiumManifest(base);
  writeJson(join(target, 'manifest.json'), manifest);
  if (browser === 'firefox') {
    writeFileSync(
      join(target, 'extension', 'platform', 'current.js'),
      "// The platform module of the Firefox build, written by scripts/assemble.mjs.\nexport * from './firefox.js';\n",
    );
  }
}

/** Turns an assembled build into its test build. */
function addTestParts(target) {
  cpSync(join(root, 'tests', 'browser', 'extension-pages'), join(target, 'test'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
  writeJson(join(target, 'manifest.json'), withTestAdditions(manifest));
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function zip(folder, archive) {
  rmSync(archive, { force: true });
  execFileSync('python3', ['-m', 'zipfile', '-c', archive, 'manifest.json', '_locales', 'extension', 'pkg'], {
    cwd: folder,
    stdio: 'inherit',
  });
}

// The test hook must never reach users.
if (readFileSync(join(root, 'pkg', 'core_bg.wasm')).includes('__panic_for_tests__')) {
  throw new Error('pkg/core_bg.wasm contains the test hook: build it without the test-hooks feature');
}

const written = [];
for (const browser of ['chromium', 'firefox']) {
  const folder = join(dist, browser);
  assemble(browser, folder, join(root, 'pkg'));
  const archive = join(dist, `summarize-to-post-${browser}.zip`);
  zip(folder, archive);

  const test = join(dist, `${browser}-test`);
  assemble(browser, test, join(root, 'target', 'pkg-test'));
  addTestParts(test);
  written.push(folder, archive, test);
}

console.log(`Wrote ${written.join(', ')}`);
