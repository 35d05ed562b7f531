// The OpenAI Images API, with the per-model checks the real one makes.
import { send } from './http.mjs';
import { PNG_BASE64 } from '../text.mjs';

const DALLE3_SIZES = ['1024x1024', '1792x1024', '1024x1792'];
const GPT_IMAGE_SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'];

function invalid(message, param = null) {
  return { status: 400, body: { error: { message, type: 'invalid_request_error', param, code: null } } };
}

/** Checks an image request as the API would; returns an error or null. */
export function check(body) {
  if (!body?.prompt) return invalid("Missing required parameter: 'prompt'.", 'prompt');
  const model = body.model ?? 'dall-e-2';
  if (model === 'dall-e-3') {
    if ((body.n ?? 1) !== 1) return invalid('You must provide n=1 for this model.', 'n');
    if (body.size && !DALLE3_SIZES.includes(body.size)) {
      return invalid(`Invalid value: '${body.size}'. Supported values are: '1024x1024', '1024x1792', and '1792x1024'.`, 'size');
    }
    if (body.quality && !['standard', 'hd'].includes(body.quality)) return invalid(`Invalid value: '${body.quality}'.`, 'quality');
  }
  if (model.startsWith('gpt-image')) {
    if (body.response_format !== undefined) return invalid("Unknown parameter: 'response_format'.", 'response_format');
    if (body.size && !GPT_IMAGE_SIZES.includes(body.size)) return invalid(`Invalid value: '${body.size}'.`, 'size');
  }
  return null;
}

/** Sends the generated image. */
export function generated(response, body) {
  const model = body.model ?? 'dall-e-2';
  const item = body.response_format === 'url' ? { url: 'https://images.example/test.png' } : { b64_json: PNG_BASE64 };
  if (model === 'dall-e-3') item.revised_prompt = `A detailed rendering: ${body.prompt.slice(0, 120)}`;
  const answer = { created: Math.floor(Date.now() / 1000), data: [item] };
  if (model.startsWith('gpt-image')) {
    Object.assign(answer, {
      size: body.size ?? '1024x1024',
      quality: body.quality ?? 'high',
      output_format: body.output_format ?? 'png',
      usage: { input_tokens: 50, output_tokens: 4160, total_tokens: 4210 },
    });
  }
  send(response, { status: 200, body: answer });
}
