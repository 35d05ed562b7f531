// A local model server for tests that speaks the wire format of every
// provider the extension supports, streamed and whole, on 127.0.0.1:
//
//   POST /v1/chat/completions                        OpenAI and compatible servers
//   POST /openai/deployments/{name}/chat/completions Azure OpenAI (?api-version=, api-key)
//   POST /v1/images/generations                      OpenAI Images (and the Azure path)
//   POST /v1/messages                                Anthropic Messages
//   POST /v1beta/models/{model}:generateContent      Gemini (and :streamGenerateContent?alt=sse)
//   POST /api/chat                                   Ollama's native API (NDJSON)
//   GET  /v1/models, /v1beta/models, /api/tags       model lists
//   GET  /v1/models/{model}                          one OpenAI-style model (404 when unknown)
//
// Without a script it answers every stage deterministically: the text
// depends on which stage's instruction it received, and every response gets
// a fresh id and a resolved model name (`<requested>-2024-07-18` for
// OpenAI-style answers), so tests can check that the post quotes exactly
// what the server returned. A test can queue scripted answers, each used by
// the next request (or the next whose path contains `match`):
//
//   {text, finish, id, model}  what to answer; `finish` is stop | length |
//                              content_filter | refusal; `id: null` sends none
//   {fail: NAME, …}            a failure in the requested provider's own shape
//                              (see failures.mjs for the names and options)
//   {status, body, headers}    a raw answer
//   {rawSse}                   a raw event stream
//   {delayMs, pieceDelayMs}    a wait before the headers, and between pieces
//
// Server options (POST /__control/options) emulate how providers check
// requests: `contextTokens` rejects prompts over that size (Ollama instead
// drops their start and says nothing, as the real one does),
// `rejectExtensionOrigins` answers Ollama's empty 403 to extension origins,
// and `requireKey` rejects requests without that key.
//
//   node tests/server/model-server.mjs [--port N]
//
// prints "model server listening on http://127.0.0.1:PORT" and serves until
// killed. Control endpoints, for tests only:
//   POST /__control/script   body: [answer, …] queued for the next requests
//   POST /__control/options  body: {contextTokens, rejectExtensionOrigins, requireKey}
//   GET  /__control/requests every request received since the last reset
//   POST /__control/reset    clears the script, the options and the request log
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

import { routeRequest } from './providers/routes.mjs';

/** Starts the server; resolves to `{url, close, state}`. */
export function startModelServer({ port = 0 } = {}) {
  const state = { script: [], requests: [], options: {}, nextId: 1 };
  const server = createServer((request, response) => {
    handle(state, request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`model server error: ${error.stack ?? error}`);
    });
  });
  // Streams that wait for minutes must not be cut by Node's own timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 1000;

  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({
        url,
        state,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(done);
          }),
      });
    });
  });
}

async function handle(state, request, response) {
  const body = await readBody(request);
  const url = new URL(request.url, 'http://127.0.0.1');

  if (url.pathname.startsWith('/__control/')) return control(state, url.pathname, body, response);
  if (request.method === 'OPTIONS') return preflight(response);

  const entry = {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: request.headers,
    body: parseJson(body),
  };
  state.requests.push(entry);
  await routeRequest(state, entry, response);
}

function control(state, path, body, response) {
  const send = (status, value) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(value));
  };
  switch (path) {
    case '/__control/script':
      state.script.push(...(parseJson(body) ?? []));
      return send(200, { queued: state.script.length });
    case '/__control/options':
      state.options = { ...state.options, ...(parseJson(body) ?? {}) };
      return send(200, state.options);
    case '/__control/requests':
      return send(200, state.requests);
    case '/__control/reset':
      state.script = [];
      state.requests = [];
      state.options = {};
      return send(200, { reset: true });
    default:
      return send(404, { error: `unknown control path ${path}` });
  }
}

function preflight(response) {
  response.writeHead(204, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers':
      'authorization, content-type, api-key, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, x-goog-api-key',
  });
  response.end();
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf('--port');
  const port = index > 0 ? Number(process.argv[index + 1]) : 0;
  const { url } = await startModelServer({ port });
  console.log(`model server listening on ${url}`);
}
