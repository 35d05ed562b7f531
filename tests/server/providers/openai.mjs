// OpenAI Chat Completions, as OpenAI, Azure OpenAI and the compatible
// servers send it, whole and as SSE.
import { dropConnection, send, sleep, startStream } from './http.mjs';
import { pieces } from '../text.mjs';

/** Reads a chat request; returns `{chat}` or `{error}`. */
export function parse(entry) {
  const body = entry.body;
  if (!body?.model && !entry.deployment) return { error: invalid('you must provide a model parameter') };
  if (!Array.isArray(body?.messages)) return { error: invalid("Missing required parameter: 'messages'.") };
  const system = body.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  const turns = body.messages.filter((m) => m.role !== 'system');
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? 4096;
  return { chat: { model: body.model ?? entry.deployment, system, turns, maxTokens, stream: body.stream === true } };
}

function invalid(message) {
  return { status: 400, body: { error: { message, type: 'invalid_request_error', param: null, code: null } } };
}

const REFUSAL = "I'm sorry, but I can't help with that request.";

/** Returns the `finish_reason` of a result. */
function finishReason(result) {
  if (result.fail === 'content_filter') return 'content_filter';
  return result.finish === 'length' ? 'length' : 'stop';
}

function usage(result) {
  return { prompt_tokens: result.inputTokens, completion_tokens: result.outputTokens, total_tokens: result.inputTokens + result.outputTokens };
}

/** Sends the whole answer. */
export function whole(response, result, { azure = false } = {}) {
  const message = { role: 'assistant', content: result.text, refusal: null };
  if (result.fail === 'refusal') Object.assign(message, { content: null, refusal: REFUSAL });
  if (result.fail === 'content_filter') message.content = null;
  const choice = { index: 0, message, logprobs: null, finish_reason: finishReason(result) };
  if (azure && result.fail === 'content_filter') {
    choice.content_filter_results = { hate: { filtered: false, severity: 'safe' }, violence: { filtered: true, severity: 'high' } };
  }
  const body = {
    id: result.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: result.model,
    choices: result.fail === 'empty' ? [] : [choice],
    usage: usage(result),
  };
  if (result.id === null) delete body.id;
  send(response, { status: 200, body });
}

/** Streams the answer as SSE chunks, ending with a usage chunk and `[DONE]`. */
export async function stream(response, result, { pieceDelayMs = 2, includeUsage = true, azure = false } = {}) {
  startStream(response, 'text/event-stream');
  const chunk = (delta, finish = null, extra = {}) => {
    const body = { id: result.id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: result.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra };
    if (result.id === null) delete body.id;
    return `data: ${JSON.stringify(body)}\n\n`;
  };

  if (azure) response.write(`data: ${JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] })}\n\n`);
  response.write(': keep-alive\n\n');
  response.write(chunk({ role: 'assistant', content: '' }));

  const parts = result.fail === 'refusal' ? pieces(REFUSAL) : result.fail === 'empty' ? [] : pieces(result.text);
  const breakAt = Math.max(1, Math.floor(parts.length / 2));
  for (const [index, piece] of parts.entries()) {
    if (index === breakAt && result.fail === 'stream_error') {
      response.end(`data: ${JSON.stringify({ error: { message: 'Provider returned error', code: 502 } })}\n\n`);
      return;
    }
    if (index === breakAt && result.fail === 'drop') return dropConnection(response);
    const last = index === parts.length - 1;
    const delta = result.fail === 'refusal' ? { refusal: piece } : { content: piece };
    response.write(chunk(delta, last ? finishReason(result) : null));
    await sleep(pieceDelayMs);
  }
  if (parts.length === 0) response.write(chunk({}, finishReason(result)));
  if (includeUsage) response.write(`data: ${JSON.stringify({ id: result.id, object: 'chat.completion.chunk', model: result.model, choices: [], usage: usage(result) })}\n\n`);
  response.end('data: [DONE]\n\n');
}
