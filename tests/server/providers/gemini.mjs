// Google Gemini's native generateContent, whole and as SSE.
import { httpFailure } from '../failures.mjs';
import { dropConnection, send, sleep, startStream } from './http.mjs';
import { pieces } from '../text.mjs';

/** Reads a generateContent request; returns `{chat}` or `{error}`. */
export function parse(entry) {
  const match = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(entry.path);
  const body = entry.body;
  if (!entry.headers['x-goog-api-key'] && !entry.query.key) return { error: httpFailure('gemini', 'forbidden') };
  if (!Array.isArray(body?.contents)) {
    return { error: { status: 400, body: { error: { code: 400, message: 'Invalid JSON payload received. Unknown name "messages": Cannot find field.', status: 'INVALID_ARGUMENT' } } } };
  }
  const system = (body.systemInstruction?.parts ?? []).map((part) => part.text).join('\n');
  const turns = body.contents.map((content) => ({ role: content.role === 'model' ? 'assistant' : 'user', content: (content.parts ?? []).map((part) => part.text).join('') }));
  const stream = match[2] === 'streamGenerateContent';
  if (stream && entry.query.alt !== 'sse') {
    return { error: { status: 400, body: { error: { code: 400, message: 'The test server streams only with ?alt=sse.', status: 'INVALID_ARGUMENT' } } } };
  }
  const maxTokens = body.generationConfig?.maxOutputTokens ?? 8192;
  return { chat: { model: decodeURIComponent(match[1]), system, turns, maxTokens, stream } };
}

function finishReason(result) {
  if (result.fail === 'content_filter' || result.fail === 'refusal') return 'SAFETY';
  return result.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
}

function usage(result, output = result.outputTokens) {
  return { promptTokenCount: result.inputTokens, candidatesTokenCount: output, totalTokenCount: result.inputTokens + output };
}

function body(result, text, finish) {
  const candidate = { content: { parts: [{ text }], role: 'model' }, index: 0 };
  if (finish) candidate.finishReason = finish;
  return { candidates: [candidate], usageMetadata: usage(result, finish ? result.outputTokens : 0), modelVersion: result.model, responseId: result.id };
}

export function whole(response, result) {
  if (result.fail === 'blocked_prompt') {
    return send(response, { status: 200, body: { promptFeedback: { blockReason: 'SAFETY', safetyRatings: [] }, usageMetadata: usage(result, 0), modelVersion: result.model } });
  }
  if (result.fail === 'empty') return send(response, { status: 200, body: { candidates: [], usageMetadata: usage(result, 0), modelVersion: result.model } });
  const filtered = result.fail === 'content_filter' || result.fail === 'refusal';
  send(response, { status: 200, body: body(result, filtered ? '' : result.text, finishReason(result)) });
}

export async function stream(response, result, { pieceDelayMs = 2 } = {}) {
  if (result.fail === 'blocked_prompt' || result.fail === 'empty') {
    startStream(response, 'text/event-stream');
    const blocked = result.fail === 'blocked_prompt' ? { promptFeedback: { blockReason: 'SAFETY' } } : { candidates: [] };
    return response.end(`data: ${JSON.stringify({ ...blocked, usageMetadata: usage(result, 0), modelVersion: result.model })}\r\n\r\n`);
  }
  startStream(response, 'text/event-stream');
  const filtered = result.fail === 'content_filter' || result.fail === 'refusal';
  const parts = filtered ? [''] : pieces(result.text);
  const breakAt = Math.max(1, Math.floor(parts.length / 2));
  for (const [index, piece] of parts.entries()) {
    if (index === breakAt && result.fail === 'stream_error') {
      return response.end(`data: ${JSON.stringify(httpFailure('gemini', 'overloaded').body)}\r\n\r\n`);
    }
    if (index === breakAt && result.fail === 'drop') return dropConnection(response);
    const last = index === parts.length - 1;
    response.write(`data: ${JSON.stringify(body(result, piece, last ? finishReason(result) : null))}\r\n\r\n`);
    await sleep(pieceDelayMs);
  }
  response.end();
}
