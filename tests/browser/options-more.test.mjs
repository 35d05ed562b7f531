// The options page beyond endpoints: instructions with variables and
// reset, theme and output settings that reach the requests, keys kept for
// the session only, the list of granted origins, and export and import
// of settings, with keys left out unless asked.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import { chatRequests, configure, endpointSettings, openArticle, openOptions, openPopup, screenshot, startSession, waitForRunEnd } from './harness.mjs';

const KEY = 'sk-options-test-7d3a9c41';

let session;
let options;

before(async () => {
  session = await startSession();
});

beforeEach(async () => {
  await session.control.evaluate(() => chrome.storage.session.remove('keys'));
  await configure(session, { settings: endpointSettings(`${session.model.url}/v1`), keys: { default: KEY } });
  await session.control.evaluate(() => chrome.storage.local.remove('keyStorage'));
  await options?.close();
  options = await openOptions(session);
});

after(async () => {
  await session?.close();
});

async function stored() {
  return session.control.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    session: await chrome.storage.session.get(null),
  }));
}

async function save() {
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByText(/^Saved\./).waitFor();
}

test('instructions and output reach requests', async () => {
  const title = options.getByLabel('Title instruction', { exact: true });
  await title.fill('Name this post for readers of ');
  await options.getByRole('button', { name: 'Insert {site}: the site\'s name' }).first().waitFor();
  await options.getByRole('group', { name: 'Variables for the Title instruction' }).getByRole('button', { name: /^Insert \{site\}/ }).click();
  assert.equal(await title.inputValue(), 'Name this post for readers of {site}');
  await options.getByLabel('Post language', { exact: true }).fill('German');
  await options.getByLabel('Log detail', { exact: true }).selectOption('full');
  await options.getByLabel('Transparency log', { exact: true }).uncheck();
  await options.getByLabel('Transparency log', { exact: true }).check();
  await options.getByLabel('Theme', { exact: true }).fill('a watercolour garden');
  await save();
  await screenshot(options, 'options.png', { fullPage: true });

  const { local } = await stored();
  assert.equal(local.settings.stages.title.instruction, 'Name this post for readers of {site}');
  assert.equal(local.settings.stages.post.instruction, undefined, 'an unchanged instruction is not stored');
  assert.deepEqual(local.settings.output, { language: 'German', logDetail: 'full' });
  assert.deepEqual(local.settings.theme, { theme: 'a watercolour garden' });

  const before = chatRequests(session).length;
  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  await openPopup(session, tabId);
  const view = await waitForRunEnd(session, tabId);
  assert.equal(view.status, 'done', JSON.stringify(view.error));
  const [post, titleRequest, description] = chatRequests(session).slice(before);
  const system = (request) => request.body.messages[0].content;
  assert.ok(system(post).endsWith('Write your answer in German, whatever the language of the input.'));
  assert.equal(system(titleRequest), 'Name this post for readers of Ars Technica Write your answer in German, whatever the language of the input.');
  assert.ok(system(description).includes('should reflect a watercolour garden.'));
  assert.ok(view.post.markdown.includes('Prompt: Title:'), 'full log detail writes the whole prompt');

  await options.bringToFront();
  await options.getByRole('button', { name: 'Reset the Title instruction to the default' }).click();
  assert.ok((await title.inputValue()).startsWith('You are an AI blog title generator.'));
});

test('invalid output settings are marked', async () => {
  await options.getByLabel('Post language', { exact: true }).fill('German; write {title}');
  await options.getByLabel('Title instruction', { exact: true }).fill('Use {titel}');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.locator('#output-language-error').getByText(/"German; write \{title\}" is not a language name/).waitFor();
  await options.locator('#stages-title-instruction-error').getByText('The instruction uses an unknown variable {titel}.', { exact: false }).waitFor();
  assert.equal(await options.getByLabel('Post language', { exact: true }).getAttribute('aria-invalid'), 'true');
});

test('session keys leave local storage', async () => {
  await options.getByLabel('Keep API keys only until the browser closes').check();
  await save();
  let { local, session: sessionArea } = await stored();
  assert.equal(local.keys, undefined, 'no key in local storage');
  assert.equal(sessionArea.keys.default, KEY);
  assert.equal(local.keyStorage, 'session');

  const { tabId } = await openArticle(session, `${session.pages.url}/ars-1/`);
  await openPopup(session, tabId);
  assert.equal((await waitForRunEnd(session, tabId)).status, 'done');
  assert.equal(chatRequests(session).at(-1).headers.authorization, `Bearer ${KEY}`, 'runs use the session key');

  await options.bringToFront();
  await options.getByLabel('Keep API keys only until the browser closes').uncheck();
  await save();
  ({ local, session: sessionArea } = await stored());
  assert.equal(local.keys.default, KEY);
  assert.equal(sessionArea.keys, undefined);
});

test('granted origins are listed', async () => {
  const items = await options.locator('#origins li').allInnerTexts();
  assert.deepEqual(items, ['http://127.0.0.1/* — part of this build of the extension']);
  const released = await options.evaluate(async () => {
    const { originsToRelease } = await import('./access.js');
    return originsToRelease(['https://a.example/*', 'https://b.example/*', 'https://a.example/*'], ['https://b.example/*']);
  });
  assert.deepEqual(released, ['https://a.example/*'], 'only origins no endpoint uses are released');
});

async function exported(includeKeys) {
  const box = options.getByLabel('Include API keys in the file');
  if (includeKeys) await box.check();
  else await box.uncheck();
  const download = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export settings' }).click();
  const file = await download;
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

test('export leaves keys out', async () => {
  const plain = await exported(false);
  assert.ok(!plain.includes(KEY), 'no key without asking');
  assert.ok(!plain.includes('"keys"'));
  const parsed = JSON.parse(plain);
  assert.equal(parsed.format, 'summarize-to-post-settings');
  assert.equal(parsed.settings.endpoints[0].baseUrl, `${session.model.url}/v1`);
  await options.getByText('Settings exported without API keys.').waitFor();

  const withKeys = await exported(true);
  assert.equal(JSON.parse(withKeys).keys.default, KEY);
});

test('import checks the file', async () => {
  const input = options.getByLabel('Import settings from a file');
  const status = options.locator('#transfer-status');
  const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

  await input.setInputFiles(file('broken.json', '{"format": '));
  await status.getByText(/^Not imported\. The file is not valid JSON: /).waitFor();
  await input.setInputFiles(file('other.json', '{"name": "x"}'));
  await status.getByText('Not imported. The file is not a settings file of this extension.', { exact: false }).waitFor();
  await input.setInputFiles(file('future.json', '{"format": "summarize-to-post-settings", "version": 7, "settings": {}}'));
  await status.getByText(/has version 7 of the settings format, newer than version 1/).waitFor();
  const invalid = { format: 'summarize-to-post-settings', version: 1, settings: { endpoints: [{ id: 'a', baseUrl: 'ftp://x', model: 'm' }] } };
  await input.setInputFiles(file('invalid.json', JSON.stringify(invalid)));
  await status.getByText(/Not imported: the file has invalid settings\. Base URL: /).waitFor();

  const good = {
    format: 'summarize-to-post-settings',
    version: 1,
    settings: { ...endpointSettings(`${session.model.url}/v1`), output: { language: 'French' } },
  };
  good.settings.endpoints[0].name = 'Imported server';
  await input.setInputFiles(file('good.json', JSON.stringify(good)));
  await status.getByText(/^Imported\. The file has no API keys/).waitFor();
  assert.equal(await options.getByLabel('Post language', { exact: true }).inputValue(), 'French');
  assert.equal(await options.locator('.endpoint').first().getByLabel('Name').inputValue(), 'Imported server');
  assert.equal(await options.locator('.endpoint').first().getByLabel('API key').inputValue(), KEY, 'the key entered before is kept');
  const { local } = await stored();
  assert.equal(local.settings.output, undefined, 'nothing is stored before Save');
  await save();
  assert.equal((await stored()).local.settings.output.language, 'French');
});
