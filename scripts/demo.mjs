// The browser part of the demo. It starts llama-server with the given model
// and loads the built extension into headless Chromium. Then it sets the
// endpoint on the options page as a user would, summarises a saved article
// through the popup, and prints the post read back from the clipboard.
//
//   node scripts/demo.mjs --server PATH --model FILE [--article NAME]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { openArticle, openPopup, readClipboard, startSession, waitForRunEnd } from '../tests/browser/harness.mjs';

const MODEL_NAME = 'SmolLM2-135M-Instruct';
/** How long the whole run may take on a slow CPU, in milliseconds. */
const RUN_TIMEOUT_MS = 20 * 60 * 1000;

const root = new URL('..', import.meta.url).pathname;
const output = join(root, 'dist', 'demo');
const { values } = parseArgs({
  options: { server: { type: 'string' }, model: { type: 'string' }, article: { type: 'string', default: 'ars-1' } },
});
if (!values.server || !values.model) {
  console.error('usage: node scripts/demo.mjs --server PATH --model FILE [--article NAME]');
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startLlamaServer() {
  const port = await freePort();
  // Started in the model's folder, the server names the model by its file name.
  const args = ['-m', basename(values.model), '--host', '127.0.0.1', '--port', String(port), '--ctx-size', '8192'];
  // llama-cpp-server is a Python wrapper that starts the real server as its
  // child; a process group of their own lets stop() end both.
  const server = spawn(values.server, args, { cwd: dirname(values.model), stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // The group has already exited.
    }
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
  let log = '';
  server.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-4000);
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`llama-server exited with code ${server.exitCode}:\n${log}`);
    const health = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (health) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop();
  throw new Error(`llama-server did not become healthy within 120 s:\n${log}`);
}

/** Fills and saves the options page as a user would. */
async function configureThroughOptions(session, baseUrl) {
  const options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/extension/options/options.html`);
  await options.getByLabel('Provider', { exact: true }).selectOption({ label: 'llama.cpp llama-server' });
  await options.getByLabel('Base URL').fill(`${baseUrl}/v1`);
  await options.getByLabel('Model', { exact: true }).fill(MODEL_NAME);
  // The server below runs with an 8192-token context.
  await options.getByLabel('Context window (tokens)').fill('8192');
  // A 135M-parameter model loops without these; see the options page help.
  await options.getByLabel('Temperature').fill('0.7');
  await options.getByLabel('Frequency penalty').fill('0.5');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByText('Saved.').waitFor();
  await options.close();
}

const llama = await startLlamaServer();
console.error(`llama-server with ${MODEL_NAME} is listening on ${llama.url}`);
const session = await startSession({ modelServer: false });
let exitCode = 0;
try {
  await configureThroughOptions(session, llama.url);
  const { tabId, url } = await openArticle(session, `${session.pages.url}/${values.article}/`, { unique: false });
  console.error(`Summarizing ${url} through the extension's popup…`);

  const popup = await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId, RUN_TIMEOUT_MS);
  mkdirSync(output, { recursive: true });
  await popup.bringToFront();
  await popup.screenshot({ path: join(output, 'popup.png'), fullPage: true });

  if (view.status === 'done') {
    const clipboard = await readClipboard(session);
    writeFileSync(join(output, 'post.md'), clipboard['text/plain']);
    writeFileSync(join(output, 'post.html'), clipboard['text/html']);
    console.log(clipboard['text/plain']);
    console.error('The post above was read back from the clipboard (text/plain). Saved: dist/demo/post.md, post.html, popup.png.');
  } else {
    const stage = view.error?.stage ? ` in the ${view.error.stage} stage` : '';
    console.error(`The run stopped${stage}: ${view.error?.message}\n${view.error?.hint}`);
    console.error('dist/demo/popup.png shows the popup with the message.');
    exitCode = 1;
  }
} finally {
  await session.close();
  llama.stop();
}
process.exit(exitCode);
