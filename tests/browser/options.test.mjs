// The options page: invalid values get a message beside their field and are
// not saved; valid ones are saved to local storage, the keys apart from the
// settings, and nothing goes to sync storage. Endpoints come from presets,
// each stage picks its own, and "Test connection" and "Load models" report
// in plain words.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import { ARTIFACTS_DIR, configure, startSession } from './harness.mjs';

let session;
let options;

before(async () => {
  session = await startSession();
});

beforeEach(async () => {
  session.model.state.script = [];
  session.model.state.options = {};
  await configure(session, { settings: {} });
  await options?.close();
  options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/extension/options/options.html`);
  await options.locator('.endpoint').first().waitFor();
});

after(async () => {
  await session?.close();
});

async function stored() {
  return session.control.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    sync: await chrome.storage.sync.get(null),
  }));
}

function card(index = 0) {
  return options.locator('.endpoint').nth(index);
}

async function fillLocal(target, { model = 'test-model' } = {}) {
  await target.getByLabel('Provider').selectOption({ label: 'Other OpenAI-compatible server' });
  await target.getByLabel('Base URL').fill(`${session.model.url}/v1`);
  await target.getByLabel('Model', { exact: true }).fill(model);
}

test('invalid values are explained beside fields', async () => {
  const first = card();
  await first.getByLabel('Provider').selectOption({ label: 'Other OpenAI-compatible server' });
  await first.getByLabel('Base URL').fill('localhost:8080/v1');
  await first.getByLabel('Model', { exact: true }).fill('gpt 4o');
  await first.getByLabel('Temperature').fill('3');
  await first.getByLabel('Context window (tokens)').fill('100');
  await options.getByRole('button', { name: 'Save' }).click();

  await first.locator('.field:has(.field-baseUrl) .field-error').getByText(/^The base URL "localhost:8080\/v1" is invalid: it must start with http:\/\/ or https:\/\/\. Enter a base URL such as/).waitFor();
  await first.getByText(/The model name "gpt 4o" is invalid/).waitFor();
  await first.getByText(/3 is outside 0 to 2/).waitFor();
  await first.getByText(/100 tokens is outside 1024 to 10000000/).waitFor();
  await options.getByText('Not saved: fix the marked fields.').waitFor();
  assert.equal(await first.getByLabel('Base URL').getAttribute('aria-invalid'), 'true');
  assert.equal(await options.locator('.stage .field-error:not(:empty)').count(), 0, 'stage fields are not blamed for the endpoint');
  await options.screenshot({ path: join(ARTIFACTS_DIR, 'options-errors.png'), fullPage: true });

  const { local } = await stored();
  assert.deepEqual(local.settings, {}, 'nothing was saved');
});

test('preset without key is refused', async () => {
  const first = card();
  await first.getByLabel('Provider').selectOption({ label: 'OpenAI' });
  assert.equal(await first.getByLabel('Base URL').inputValue(), 'https://api.openai.com/v1', 'the preset fills the base URL');
  await first.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await options.getByRole('button', { name: 'Save' }).click();
  await first.getByText('This endpoint needs an API key and none is set.').waitFor();
});

test('key over plain http to public host is refused', async () => {
  const first = card();
  await first.getByLabel('Provider').selectOption({ label: 'Other OpenAI-compatible server' });
  await first.getByLabel('Base URL').fill('http://api.example.com/v1');
  await first.getByLabel('API key').fill('sk-test-plain-http');
  await first.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await options.getByRole('button', { name: 'Save' }).click();
  await first.getByText(/would be sent unencrypted to api\.example\.com/).waitFor();
});

test('endpoints and stages are saved locally', async () => {
  await fillLocal(card());
  await card().getByLabel('Name').fill('Local server');
  await card().getByLabel('API key').fill('  sk-local-test-key  ');

  await options.getByLabel('Provider of a new endpoint').selectOption({ label: 'Anthropic' });
  await options.getByRole('button', { name: 'Add endpoint' }).click();
  const second = card(1);
  assert.equal(await second.getByLabel('Base URL').inputValue(), 'https://api.anthropic.com/v1');
  // A public origin would open a permission prompt that a headless test
  // cannot answer, so the endpoint points at the local server.
  await second.getByLabel('Base URL').fill(session.model.url);
  await second.getByLabel('Name').fill('Claude');
  await second.getByLabel('API key').fill('sk-ant-test');
  await second.getByLabel('Model', { exact: true }).fill('claude-3-5-haiku-latest');
  assert.equal(await second.getByLabel('API version').isVisible(), false, 'only Azure endpoints show an API version');

  await options.getByLabel('Title endpoint').selectOption({ label: 'Claude' });
  await options.getByLabel('Title model').fill('tiny-title-model');
  await options.getByLabel('Image description output limit (tokens)').fill('300');
  await options.locator('.stage[data-stage="description"]').getByLabel('Run this stage').uncheck();
  const image = options.locator('.stage[data-stage="image"]');
  assert.deepEqual(await image.getByLabel('Image endpoint').locator('option').allTextContents(), ['Local server'], 'only endpoints that draw images');
  await image.getByLabel('Run this stage').check();
  await image.getByLabel('Image model').fill('dall-e-3');
  await image.getByLabel('Image quality').fill('hd');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByText('Saved.').waitFor();

  const { local, sync } = await stored();
  assert.deepEqual(sync, {}, 'nothing is written to sync storage');
  assert.equal(local.keys.default, 'sk-local-test-key');
  assert.ok(!JSON.stringify(local.settings).includes('sk-'), 'no key is in the settings');
  const [first, claude] = local.settings.endpoints;
  assert.equal(first.baseUrl, `${session.model.url}/v1`);
  assert.equal(first.kind, 'openai');
  assert.equal(first.preset, 'custom');
  assert.equal(claude.kind, 'anthropic');
  assert.equal(local.keys[claude.id], 'sk-ant-test');
  assert.equal(local.settings.stages.title.endpointId, claude.id);
  assert.equal(local.settings.stages.title.model, 'tiny-title-model');
  assert.equal(local.settings.stages.description.maxTokens, 300);
  assert.equal(local.settings.stages.description.enabled, false);
  assert.deepEqual(local.settings.stages.image, { endpointId: 'default', model: 'dall-e-3', quality: 'hd', enabled: true });

  await options.reload();
  await card(1).waitFor();
  assert.equal(await options.getByLabel('Title model').inputValue(), 'tiny-title-model');
  assert.equal(await options.getByLabel('Title endpoint').inputValue(), claude.id);
  assert.equal(await card().getByLabel('API key').getAttribute('type'), 'password');
  await card().getByRole('button', { name: 'Show' }).click();
  assert.equal(await card().getByLabel('API key').inputValue(), 'sk-local-test-key');
  await options.screenshot({ path: join(ARTIFACTS_DIR, 'options-saved.png'), fullPage: true });
});

test('test connection reports model', async () => {
  await fillLocal(card());
  await card().getByRole('button', { name: 'Test connection' }).click();
  await card().locator('.endpoint-status').getByText('Connected: test-model-2024-07-18 answered “OK”.').waitFor();
  const request = session.model.state.requests.at(-1);
  assert.equal(request.body.max_tokens, 32, 'the test is one tiny request');
});

test('test connection explains failure', async () => {
  await fillLocal(card(), { model: 'gpt-9' });
  session.model.state.script.push({ fail: 'model_not_found' });
  await card().getByRole('button', { name: 'Test connection' }).click();
  await card().locator('.endpoint-status').getByText(/does not serve the model "gpt-9": The model `gpt-9` does not exist/).waitFor();
  await card().locator('.endpoint-status').getByText(/Check the model name in the options page/).waitFor();
});

test('test connection looks up an image model without making an image', async () => {
  await fillLocal(card(), { model: 'dall-e-3' });
  const before = session.model.state.requests.length;
  await card().getByRole('button', { name: 'Test connection' }).click();
  await card().locator('.endpoint-status').getByText('Connected: the endpoint serves the image model dall-e-3. No image was made, so the test cost nothing.').waitFor();
  const sent = session.model.state.requests.slice(before);
  assert.deepEqual(sent.map((request) => `${request.method} ${request.path}`), ['GET /v1/models/dall-e-3']);
});

test('load models fills suggestions', async () => {
  await fillLocal(card());
  await card().getByRole('button', { name: 'Load models' }).click();
  await card().getByText('3 models listed; the model field now suggests them.').waitFor();
  const suggested = await card().locator('datalist option').evaluateAll((list) => list.map((option) => option.value));
  assert.deepEqual(suggested, ['dall-e-3', 'test-model', 'test-model-large']);
});

test('built-in model is offered only when available', async () => {
  const hasApi = await options.evaluate(() => 'LanguageModel' in globalThis);
  const offered = await options.getByLabel('Provider of a new endpoint').locator('option').allTextContents();
  if (!hasApi) {
    assert.ok(!offered.includes('Chrome built-in model'), 'a browser without the Prompt API is not offered it');
  }
  assert.ok(offered.includes('Ollama'));
  assert.ok(offered.includes('Azure OpenAI'));
});
