// Model lists in each provider's shape.
import { send } from './http.mjs';

export const MODELS = ['test-model', 'test-model-large', 'dall-e-3'];

export function openaiList(response) {
  send(response, { status: 200, body: { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'test' })) } });
}

export function openaiModel(response, id) {
  send(response, { status: 200, body: { id, object: 'model', created: 1700000000, owned_by: 'test' } });
}

export function anthropicList(response) {
  send(response, { status: 200, body: { data: MODELS.map((id) => ({ id, type: 'model', display_name: id })), has_more: false } });
}

export function geminiList(response) {
  const models = MODELS.map((id) => ({ name: `models/${id}`, supportedGenerationMethods: ['generateContent', 'countTokens'] }));
  models.push({ name: 'models/text-embedding-004', supportedGenerationMethods: ['embedContent'] });
  send(response, { status: 200, body: { models } });
}

export function ollamaList(response) {
  send(response, { status: 200, body: { models: MODELS.map((name) => ({ name: `${name}:latest`, model: `${name}:latest`, size: 1000 })) } });
}
