// The options page: invalid values get a message beside their field and are
// not saved; valid ones are saved to local storage, the key apart from the
// settings, and nothing goes to sync storage.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ARTIFACTS_DIR, configure, startSession } from './harness.mjs';

let session;
let options;

before(async () => {
  session = await startSession();
  await configure(session, { settings: {} });
  options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/extension/options/options.html`);
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

test('invalid values are explained beside fields', async () => {
  await options.getByLabel('Base URL').fill('localhost:8080/v1');
  await options.getByLabel('Model', { exact: true }).fill('gpt 4o');
  await options.getByLabel('Temperature').fill('3');
  await options.getByRole('button', { name: 'Save' }).click();

  await options.locator('#endpoint-baseUrl-error').getByText(/^The base URL "localhost:8080\/v1" is invalid: it must start with http:\/\/ or https:\/\/\. Enter a base URL such as/).waitFor();
  await options.locator('#endpoint-model-error').getByText(/The model name "gpt 4o" is invalid/).waitFor();
  await options.locator('#endpoint-temperature-error').getByText(/3 is outside 0 to 2/).waitFor();
  await options.getByText('Not saved: fix the marked fields.').waitFor();
  assert.equal(await options.getByLabel('Base URL').getAttribute('aria-invalid'), 'true');
  assert.equal(await options.locator('.stage .field-error:not(:empty)').count(), 0, 'stage fields are not blamed for the endpoint');
  await options.screenshot({ path: join(ARTIFACTS_DIR, 'options-errors.png'), fullPage: true });

  const { local } = await stored();
  assert.deepEqual(local.settings, {}, 'nothing was saved');
});

test('key over plain http to public host is refused', async () => {
  await options.getByLabel('Base URL').fill('http://api.example.com/v1');
  await options.getByLabel('API key').fill('sk-test-plain-http');
  await options.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await options.getByLabel('Temperature').fill('');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.locator('#endpoint-baseUrl-error').getByText(/would be sent unencrypted to api\.example\.com/).waitFor();
});

test('valid settings are saved locally', async () => {
  await options.getByLabel('Base URL').fill(`${session.model.url}/v1/`);
  await options.getByLabel('API key').fill('  sk-local-test-key  ');
  await options.getByLabel('Model', { exact: true }).fill('test-model');
  await options.getByLabel('Title model').fill('tiny-title-model');
  await options.getByLabel('Image description output limit (tokens)').fill('300');
  await options.locator('.stage[data-stage="description"]').getByLabel('Run this stage').uncheck();
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByText('Saved.').waitFor();

  const { local, sync } = await stored();
  assert.deepEqual(sync, {}, 'nothing is written to sync storage');
  assert.equal(local.keys.default, 'sk-local-test-key');
  assert.ok(!JSON.stringify(local.settings).includes('sk-local-test-key'), 'the key is not in the settings');
  const endpoint = local.settings.endpoints[0];
  assert.equal(endpoint.baseUrl, `${session.model.url}/v1/`);
  assert.equal(endpoint.model, 'test-model');
  assert.equal(local.settings.stages.title.model, 'tiny-title-model');
  assert.equal(local.settings.stages.description.maxTokens, 300);
  assert.equal(local.settings.stages.description.enabled, false);

  await options.reload();
  assert.equal(await options.getByLabel('Title model').inputValue(), 'tiny-title-model');
  assert.equal(await options.getByLabel('API key').getAttribute('type'), 'password');
  await options.getByRole('button', { name: 'Show' }).click();
  assert.equal(await options.getByLabel('API key').inputValue(), 'sk-local-test-key');
  await options.screenshot({ path: join(ARTIFACTS_DIR, 'options-saved.png'), fullPage: true });
});
