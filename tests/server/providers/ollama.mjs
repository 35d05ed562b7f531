// Ollama's native chat API: whole, or NDJSON (the default).
import { dropConnection, send, sleep, startStream } from './http.mjs';
import { pieces } from '../text.mjs';

/** Ollama's context window when a request sets no `num_ctx`. */
export const DEFAULT_NUM_CTX = 2048;

/** Reads an /api/chat request; returns `{chat}` or `{error}`. */
export function parse(entry) {
  const body = entry.body;
  if (!body?.model) return { error: { status: 400, body: { error: 'model is required' } } };
  if (!Array.isArray(body.messages)) return { error: { status: 400, body: { error: 'messages is required' } } };
  const system = body.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  const turns = body.messages.filter((m) => m.role !== 'system');
  return {
    chat: {
      model: body.model,
      system,
      turns,
      maxTokens: body.options?.num_predict ?? -1,
      // Streaming is the default.
      stream: body.stream !== false,
      numCtx: body.options?.num_ctx ?? DEFAULT_NUM_CTX,
    },
  };
}

function doneReason(result) {
  return result.finish === 'length' ? 'length' : 'stop';
}

function final(result, content) {
  return {
    model: result.model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content },
    done_reason: doneReason(result),
    done: true,
    total_duration: 1_000_000,
    prompt_eval_count: result.inputTokens,
    eval_count: result.outputTokens,
  };
}

export function whole(response, result) {
  send(response, { status: 200, body: final(result, result.fail === 'empty' ? '' : result.text) });
}

export async function stream(response, result, { pieceDelayMs = 2 } = {}) {
  startStream(response, 'application/x-ndjson');
  const parts = result.fail === 'empty' ? [] : pieces(result.text);
  const breakAt = Math.max(1, Math.floor(parts.length / 2));
  for (const [index, piece] of parts.entries()) {
    if (index === breakAt && result.fail === 'stream_error') {
      return response.end(`${JSON.stringify({ error: 'an error was encountered while running the model: unexpected EOF' })}\n`);
    }
    if (index === breakAt && result.fail === 'drop') return dropConnection(response);
    response.write(`${JSON.stringify({ model: result.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: piece }, done: false })}\n`);
    await sleep(pieceDelayMs);
  }
  response.end(`${JSON.stringify(final(result, ''))}\n`);
}
