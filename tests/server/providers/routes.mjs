// Routing of the test model server: which provider a request speaks, the
// checks real servers make (key, origin, context window), the scripted
// answer, and the provider's own rendering of the result.
import { ANSWER_FAILURES, httpFailure } from '../failures.mjs';
import { countTokens, defaultText } from '../text.mjs';
import * as anthropic from './anthropic.mjs';
import * as gemini from './gemini.mjs';
import { send, sleep, startStream } from './http.mjs';
import * as images from './images.mjs';
import * as models from './models.mjs';
import * as ollama from './ollama.mjs';
import * as openai from './openai.mjs';

/** Suffix the server adds to OpenAI-style model names, as OpenAI resolves aliases. */
const MODEL_SUFFIX = '-2024-07-18';

const AZURE_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|images\/generations)$/;

/** Returns the provider a request speaks, or null for an unknown path. */
function providerOf(entry) {
  const { method, path, headers } = entry;
  if (method === 'GET') {
    if (path.endsWith('/api/tags')) return 'ollama-models';
    if (path.endsWith('/v1beta/models')) return 'gemini-models';
    if (path.endsWith('/v1/models')) return headers['anthropic-version'] ? 'anthropic-models' : 'openai-models';
    if (/\/v1\/models\/[^/]+$/.test(path)) return 'openai-model';
    return null;
  }
  if (method !== 'POST') return null;
  const azure = AZURE_PATH.exec(path);
  if (azure) {
    entry.deployment = azure[1];
    return azure[2] === 'chat/completions' ? 'azure' : 'azure-images';
  }
  if (path.endsWith('/v1/chat/completions')) return 'openai';
  if (path.endsWith('/v1/images/generations')) return 'images';
  if (path.endsWith('/v1/messages')) return 'anthropic';
  if (/\/models\/[^/]+:(generateContent|streamGenerateContent)$/.test(path)) return 'gemini';
  if (path.endsWith('/api/chat')) return 'ollama';
  return null;
}

/** Answers one request. */
export async function routeRequest(state, entry, response) {
  const provider = providerOf(entry);
  entry.provider = provider;
  if (!provider) {
    entry.status = 404;
    return send(response, { status: 404, body: '404 page not found' });
  }

  // Ollama checks the Origin before anything else and says nothing.
  const extensionOrigin = /^(chrome|moz)-extension:\/\//.test(entry.headers.origin ?? '');
  const ollamaPath = provider.startsWith('ollama') || state.options.rejectExtensionOrigins === 'all';
  if (extensionOrigin && state.options.rejectExtensionOrigins && ollamaPath) {
    entry.status = 403;
    return send(response, httpFailure('ollama', 'ollama_origin'));
  }

  // Azure answers a missing version or key before it looks at the body.
  if (provider.startsWith('azure')) {
    const problem = azureProblem(entry);
    if (problem) {
      entry.status = problem.status;
      return send(response, problem);
    }
  }

  if (provider.endsWith('models')) return serveModels(provider, response);
  if (provider === 'openai-model') return serveModel(state, entry, response);
  if (provider === 'images' || provider === 'azure-images') return serveImage(state, entry, response, provider);
  return serveChat(state, entry, response, provider);
}

function azureProblem(entry) {
  if (!entry.query['api-version']) return { status: 404, body: { error: { code: '404', message: 'Resource not found' } } };
  if (!entry.headers['api-key']) return httpFailure('azure', 'unauthorized');
  return null;
}

function serveModels(provider, response) {
  const list = { 'openai-models': models.openaiList, 'anthropic-models': models.anthropicList, 'gemini-models': models.geminiList, 'ollama-models': models.ollamaList };
  list[provider](response);
}

/** Serves `GET /v1/models/{model}`: the model object, or OpenAI's 404. */
function serveModel(state, entry, response) {
  const model = decodeURIComponent(entry.path.split('/').at(-1));
  entry.model = model;
  const answer = takeAnswer(state, entry);
  if (sendRaw(response, entry, answer)) return;
  const failure = keyFailure(state, entry, 'openai')
    ?? (answer.fail ? httpFailure('openai', answer.fail, { model, answer }) : null)
    ?? (models.MODELS.includes(model) ? null : httpFailure('openai', 'model_not_found', { model }));
  if (failure) {
    entry.status = failure.status;
    return send(response, failure);
  }
  entry.status = 200;
  models.openaiModel(response, model);
}

/** Returns the next scripted answer for this request, or `{}`. */
function takeAnswer(state, entry) {
  const index = state.script.findIndex((answer) => !answer.match || entry.path.includes(answer.match));
  return index >= 0 ? state.script.splice(index, 1)[0] : {};
}

/** Returns the key a request carries, in its provider's header. */
function keyOf(entry, provider) {
  const { headers } = entry;
  if (provider === 'anthropic') return headers['x-api-key'];
  if (provider === 'gemini') return headers['x-goog-api-key'] ?? entry.query.key;
  if (provider.startsWith('azure')) return headers['api-key'];
  return headers.authorization?.replace(/^Bearer /, '');
}

/** Sends a scripted raw answer, if the answer is one; true when it did. */
function sendRaw(response, entry, answer) {
  if (answer.rawSse !== undefined) {
    entry.status = 200;
    startStream(response, 'text/event-stream');
    response.end(answer.rawSse);
    return true;
  }
  if (answer.status && answer.status !== 200) {
    entry.status = answer.status;
    send(response, { status: answer.status, body: answer.body ?? { error: { message: answer.message ?? 'scripted failure' } }, headers: answer.headers });
    return true;
  }
  return false;
}

/** The provider whose failure shapes a request gets. */
function failureShape(provider) {
  return { 'azure-images': 'images' }[provider] ?? provider;
}

async function serveImage(state, entry, response, provider) {
  const answer = takeAnswer(state, entry);
  if (answer.delayMs) await sleep(answer.delayMs);
  if (sendRaw(response, entry, answer)) return;

  const failure = keyFailure(state, entry, provider) ?? (answer.fail ? httpFailure(failureShape(provider), answer.fail, { answer }) : images.check(entry.body));
  if (failure) {
    entry.status = failure.status;
    return send(response, failure);
  }
  entry.status = 200;
  entry.responseModel = entry.body.model;
  images.generated(response, entry.body);
}

function keyFailure(state, entry, provider) {
  const expected = state.options.requireKey;
  if (!expected || keyOf(entry, provider) === expected) return null;
  const shape = provider === 'azure-images' ? 'azure' : failureShape(provider);
  return httpFailure(shape, 'unauthorized');
}

const PROVIDERS = { openai, azure: openai, anthropic, gemini, ollama };

async function serveChat(state, entry, response, provider) {
  const module = PROVIDERS[provider];
  const parsed = module.parse(entry);
  if (parsed.error) {
    entry.status = parsed.error.status;
    return send(response, parsed.error);
  }
  const { chat } = parsed;
  entry.chat = chat;

  const keyProblem = keyFailure(state, entry, provider);
  if (keyProblem) {
    entry.status = keyProblem.status;
    return send(response, keyProblem);
  }

  const answer = takeAnswer(state, entry);
  if (answer.delayMs) await sleep(answer.delayMs);
  if (sendRaw(response, entry, answer)) return;

  const prompt = [chat.system, ...chat.turns.map((turn) => turn.content)].join('\n');
  const inputTokens = countTokens(prompt) + 4 * (chat.turns.length + 1);
  entry.inputTokens = inputTokens;
  let fail = answer.fail;

  const window = provider === 'ollama' ? Math.min(chat.numCtx, state.options.contextTokens ?? Infinity) : state.options.contextTokens;
  const output = chat.maxTokens > 0 ? chat.maxTokens : 0;
  if (window && inputTokens + output > window) {
    // Ollama does not fail: it drops the start of the prompt and answers.
    if (provider === 'ollama') entry.truncatedPrompt = true;
    else fail ??= 'context_overflow';
  }

  if (fail && !ANSWER_FAILURES.has(fail)) {
    const failure = httpFailure(provider, fail, { model: chat.model, answer, tokens: inputTokens, limit: window });
    entry.status = failure.status;
    return send(response, failure);
  }
  if (fail === 'non_json') {
    entry.status = 200;
    return send(response, { status: 200, body: '<html><body>Please sign in to continue.</body></html>', headers: { 'content-type': 'text/html' } });
  }

  const lastUser = chat.turns.filter((turn) => turn.role === 'user').at(-1)?.content ?? '';
  const text = answer.text ?? defaultText(chat.system, chat.turns[0]?.content ?? lastUser);
  const result = {
    id: answer.id === null ? null : answer.id ?? newId(state, provider),
    model: answer.model ?? resolvedModel(provider, chat.model),
    text,
    finish: answer.finish === 'content_filter' ? 'stop' : answer.finish ?? 'stop',
    fail: answer.finish === 'content_filter' ? 'content_filter' : answer.finish === 'refusal' ? 'refusal' : fail,
    inputTokens,
    outputTokens: countTokens(text),
  };
  Object.assign(entry, { status: 200, responseId: result.id, responseModel: result.model, responseText: text });

  const options = { pieceDelayMs: answer.pieceDelayMs ?? 2, azure: provider === 'azure', includeUsage: entry.body?.stream_options?.include_usage === true };
  if (chat.stream) return module.stream(response, result, options);
  return module.whole(response, result, options);
}

function newId(state, provider) {
  const number = state.nextId++;
  switch (provider) {
    case 'anthropic':
      return `msg_test_${number}`;
    case 'gemini':
      return `gemini-test-${number}`;
    case 'ollama':
      return null;
    default:
      return `chatcmpl-test-${number}`;
  }
}

function resolvedModel(provider, model) {
  switch (provider) {
    case 'anthropic':
      return anthropic.resolvedModel(model);
    case 'gemini':
      return `${model}-001`;
    case 'ollama':
      return model.includes(':') ? model : `${model}:latest`;
    default:
      return `${model}${MODEL_SUFFIX}`;
  }
}
