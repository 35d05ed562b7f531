// Assembles the built extension under dist/ from the repository files and
// pkg/. Run by scripts/build.sh after the wasm core is built.
//
// dist/chromium/ holds only what the extension loads. dist/chromium-test/ adds
// what automated tests need and users must not get: a page that reads the
// clipboard back (with the `clipboardRead` permission), access to pages on
// 127.0.0.1, because a test cannot click the toolbar button that grants
// `activeTab`, and a core built with the `test-hooks` feature.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const PKG_FILES = ['core.js', 'core_bg.wasm'];

function assemble(target, pkg = join(root, 'pkg')) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, 'pkg'), { recursive: true });
  for (const entry of ['manifest.json', '_locales', 'extension']) {
    cpSync(join(root, entry), join(target, entry), { recursive: true });
  }
  for (const file of PKG_FILES) {
    const source = join(pkg, file);
    if (!existsSync(source)) throw new Error(`${source} is missing: build the wasm core first`);
    cpSync(source, join(target, 'pkg', file));
  }
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

const chromium = join(dist, 'chromium');
assemble(chromium);
zip(chromium, join(dist, 'summarize-to-post-chromium.zip'));

const test = join(dist, 'chromium-test');
assemble(test, join(root, 'target', 'pkg-test'));
cpSync(join(root, 'tests', 'browser', 'extension-pages'), join(test, 'test'), { recursive: true });
const manifest = JSON.parse(readFileSync(join(test, 'manifest.json'), 'utf8'));
manifest.permissions.push('clipboardRead');
manifest.host_permissions = ['http://127.0.0.1/*'];
writeFileSync(join(test, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

console.log(`Wrote ${chromium}, ${join(dist, 'summarize-to-post-chromium.zip')} and ${test}`);
