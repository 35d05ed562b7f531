// A local model server for tests that speaks OpenAI's Chat Completions wire
// format, streamed (SSE) and whole, on 127.0.0.1.
//
// Without a script it answers every stage deterministically: the text
// depends on which stage's instruction it received, and every response gets
// a fresh id (`chatcmpl-test-N`) and the resolved model name
// `<requested>-2024-07-18`, so tests can check that the post quotes exactly
// what the server returned. A test can queue scripted answers (a status, an
// error body, a delay before the headers, a truncated answer, raw SSE) and
// read every request back, headers included.
//
//   node tests/server/model-server.mjs [--port N]
//
// prints "model server listening on http://127.0.0.1:PORT" and serves until
// killed. Control endpoints, for tests only:
//   POST /__control/script   body: [answer, …] queued for the next requests
//   GET  /__control/requests every request received since the last reset
//   POST /__control/reset    clears the script and the request log
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const MODEL_SUFFIX = '-2024-07-18';

/** Starts the server; resolves to `{url, close, state}`. */
export function startModelServer({ port = 0 } = {}) {
  const state = { script: [], requests: [], nextId: 1 };
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
      resolve({ url, state, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

async function handle(state, request, response) {
  const body = await readBody(request);
  const url = new URL(request.url, 'http://127.0.0.1');

  if (url.pathname.startsWith('/__control/')) return control(state, url.pathname, body, response);
  if (request.method === 'OPTIONS') return preflight(response);

  const entry = { method: request.method, path: url.pathname, headers: request.headers, body: parseJson(body) };
  state.requests.push(entry);

  if (request.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
    return send(response, 404, { error: { message: `Unknown path ${url.pathname}`, type: 'invalid_request_error' } });
  }
  if (!entry.body?.model || !Array.isArray(entry.body.messages)) {
    return send(response, 400, { error: { message: 'model and messages are required', type: 'invalid_request_error' } });
  }

  const answer = state.script.shift() ?? {};
  if (answer.delayMs) await sleep(answer.delayMs);
  if (answer.status && answer.status !== 200) {
    entry.status = answer.status;
    return send(response, answer.status, answer.body ?? { error: { message: answer.message ?? 'scripted failure' } }, answer.headers);
  }

  const id = answer.id === null ? null : answer.id ?? `chatcmpl-test-${state.nextId++}`;
  const model = answer.model ?? `${entry.body.model}${MODEL_SUFFIX}`;
  const text = answer.text ?? defaultText(entry.body.messages);
  const finish = answer.finish ?? 'stop';
  Object.assign(entry, { status: 200, responseId: id, responseModel: model, responseText: text });

  if (answer.rawSse) return sendRaw(response, answer.rawSse);
  if (entry.body.stream) return stream(response, { id, model, text, finish, usage: usage(entry.body, text) });
  return send(response, 200, {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: finish }],
    usage: usage(entry.body, text),
  });
}

function control(state, path, body, response) {
  switch (path) {
    case '/__control/script':
      state.script.push(...(parseJson(body) ?? []));
      return send(response, 200, { queued: state.script.length });
    case '/__control/requests':
      return send(response, 200, state.requests);
    case '/__control/reset':
      state.script = [];
      state.requests = [];
      return send(response, 200, { reset: true });
    default:
      return send(response, 404, { error: `unknown control path ${path}` });
  }
}

/** Writes the answer in pieces of a few characters, as a real model streams. */
async function stream(response, { id, model, text, finish, usage: counts }) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...cors() });
  const chunk = (delta, finishReason = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;

  response.write(': keep-alive\n\n');
  response.write(chunk({ role: 'assistant', content: '' }));
  const pieces = text.match(/[\s\S]{1,12}/g) ?? [];
  for (const [index, piece] of pieces.entries()) {
    response.write(chunk({ content: piece }, index === pieces.length - 1 ? finish : null));
    await sleep(2);
  }
  if (pieces.length === 0) response.write(chunk({}, finish));
  response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, choices: [], usage: counts })}\n\n`);
  response.end('data: [DONE]\n\n');
}

function sendRaw(response, raw) {
  response.writeHead(200, { 'content-type': 'text/event-stream', ...cors() });
  response.end(raw);
}

/** Deterministic text for each stage, recognised from its instruction. */
function defaultText(messages) {
  const instruction = messages.find((message) => message.role === 'system')?.content ?? '';
  const input = messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  if (/blog title generator/i.test(instruction)) return '"Test Server Title: Local Models Rock"';
  if (/visual description/i.test(instruction)) {
    return `**Style:** Futurism\n**Visual Description:** A robot pirate reads "${input.slice(0, 60)}" on a glowing deck.`;
  }
  const title = /^Title: (.*)$/m.exec(input)?.[1] ?? 'the article';
  return [
    `# Test Post About ${title}`,
    '',
    'An intro paragraph written by the local test server.',
    '',
    '## Key Points',
    '',
    '- **First point**: the server read the article.',
    '- **Second point**: it answered in the OpenAI format.',
    '- **Third point**: the extension turned it into a post.',
    '',
    'That is all, folks!',
  ].join('\n');
}

function usage(body, text) {
  const promptChars = JSON.stringify(body.messages).length;
  return { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: 0 };
}

function cors() {
  return { 'access-control-allow-origin': '*' };
}

function preflight(response) {
  response.writeHead(204, {
    ...cors(),
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type',
  });
  response.end();
}

function send(response, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain' : 'application/json';
  response.writeHead(status, { 'content-type': type, ...cors(), ...headers });
  response.end(text);
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

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf('--port');
  const port = index > 0 ? Number(process.argv[index + 1]) : 0;
  const { url } = await startModelServer({ port });
  console.log(`model server listening on ${url}`);
}
