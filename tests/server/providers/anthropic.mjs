// Anthropic Messages, whole and as SSE with named events.
import { httpFailure } from '../failures.mjs';
import { dropConnection, send, sleep, startStream } from './http.mjs';
import { pieces } from '../text.mjs';

/** Reads a messages request; returns `{chat}` or `{error}`. */
export function parse(entry) {
  const { headers, body } = entry;
  // Without this header the API rejects every call from a browser origin.
  if (headers.origin && headers['anthropic-dangerous-direct-browser-access'] !== 'true') {
    return { error: error(401, 'authentication_error', "CORS requests must set 'anthropic-dangerous-direct-browser-access' header") };
  }
  if (!headers['anthropic-version']) return { error: error(400, 'invalid_request_error', 'anthropic-version: header is required') };
  if (!body?.model) return { error: error(400, 'invalid_request_error', 'model: Field required') };
  if (!Number.isInteger(body.max_tokens)) return { error: error(400, 'invalid_request_error', 'max_tokens: Field required') };
  if (!Array.isArray(body.messages)) return { error: error(400, 'invalid_request_error', 'messages: Field required') };
  const system = typeof body.system === 'string' ? body.system : '';
  return { chat: { model: body.model, system, turns: body.messages, maxTokens: body.max_tokens, stream: body.stream === true } };
}

function error(status, type, message) {
  return { status, body: { type: 'error', error: { type, message } } };
}

/** Returns the model name the API reports for a requested one. */
export function resolvedModel(model) {
  return model.replace(/-latest$/, '-20241022');
}

function stopReason(result) {
  if (result.fail === 'refusal' || result.fail === 'content_filter') return 'refusal';
  return result.finish === 'length' ? 'max_tokens' : 'end_turn';
}

function text(result) {
  return result.fail === 'refusal' || result.fail === 'content_filter' || result.fail === 'empty' ? '' : result.text;
}

export function whole(response, result) {
  const content = text(result) ? [{ type: 'text', text: text(result) }] : [];
  send(response, {
    status: 200,
    body: {
      id: result.id,
      type: 'message',
      role: 'assistant',
      model: result.model,
      content,
      stop_reason: stopReason(result),
      stop_sequence: null,
      usage: { input_tokens: result.inputTokens, output_tokens: result.outputTokens },
    },
  });
}

export async function stream(response, result, { pieceDelayMs = 2 } = {}) {
  startStream(response, 'text/event-stream; charset=utf-8');
  const event = (name, data) => response.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
  event('message_start', { message: { id: result.id, type: 'message', role: 'assistant', model: result.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: result.inputTokens, output_tokens: 1 } } });
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  event('ping', {});

  const parts = pieces(text(result));
  const breakAt = Math.max(1, Math.floor(parts.length / 2));
  for (const [index, piece] of parts.entries()) {
    if (index === breakAt && result.fail === 'stream_error') {
      const failure = httpFailure('anthropic', 'overloaded').body;
      response.end(`event: error\ndata: ${JSON.stringify(failure)}\n\n`);
      return;
    }
    if (index === breakAt && result.fail === 'drop') return dropConnection(response);
    event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
    await sleep(pieceDelayMs);
  }
  event('content_block_stop', { index: 0 });
  event('message_delta', { delta: { stop_reason: stopReason(result), stop_sequence: null }, usage: { output_tokens: result.outputTokens } });
  event('message_stop', {});
  response.end();
}
