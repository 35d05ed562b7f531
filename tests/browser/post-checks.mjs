// Checks on a post read back from the clipboard, against what the model
// server actually returned.
import assert from 'node:assert/strict';

/**
 * Asserts that the clipboard holds the post in both flavours: the cleaned
 * title, the body, the attribution URL, and one log block per stage naming
 * the model and id the server returned for it.
 */
export function assertPostMatchesServer({ clipboard, requests, view, pageUrl }) {
  const markdown = clipboard['text/plain'];
  const html = clipboard['text/html'];
  assert.ok(markdown, 'text/plain is on the clipboard');
  assert.ok(html, 'text/html is on the clipboard');

  const answered = requests.filter((request) => request.status === 200);
  assert.equal(answered.length, view.stages.length, 'one answered request per stage');
  const [post, title, description] = answered;

  // Title: the server wraps it in quotes; the post must not.
  const cleanTitle = title.responseText.replace(/^"|"$/g, '');
  assert.ok(markdown.startsWith(`# ${cleanTitle}\n`), `markdown starts with the title:\n${markdown.slice(0, 200)}`);
  assert.match(html, new RegExp(`^<h1>${escapeRegExp(escapeHtml(cleanTitle))}</h1>`));

  // Body: the server's post, its heading moved under the title.
  const bodyHeading = post.responseText.split('\n')[0].replace(/^# /, '');
  assert.ok(markdown.includes(`## ${bodyHeading}`), 'the body heading is in the Markdown');
  assert.ok(html.includes(`<h2>${escapeHtml(bodyHeading)}</h2>`), 'the body heading is in the HTML');
  assert.ok(markdown.includes('**First point**'), 'the key points are in the Markdown');
  assert.ok(html.includes('<strong>First point</strong>'), 'the key points are in the HTML');

  // Attribution: the canonical URL when the page declares one, else the page URL.
  const attributionUrl = view.article.url;
  assert.ok([pageUrl, attributionUrl].includes(attributionUrl));
  assert.ok(markdown.includes(`\n${attributionUrl}\n`), `markdown names ${attributionUrl}`);
  assert.ok(html.includes(`<a href="${escapeHtml(attributionUrl)}">`), `html links ${attributionUrl}`);

  // Transparency log: each stage's block with the returned model and id.
  for (const request of answered) {
    const line = `AI: ${request.responseModel}: ${request.responseId}`;
    assert.ok(markdown.includes(line), `markdown has "${line}"`);
    assert.ok(html.includes(escapeHtml(line)), `html has "${line}"`);
  }
  for (const heading of ['Blog Post', 'Blog Title', 'Image Description']) {
    assert.ok(markdown.includes(`### ${heading}`), `markdown has the ${heading} block`);
  }
  assert.ok(markdown.includes('Instruction: "You are an AI blog title generator.'), 'the title instruction is quoted');
  assert.ok(markdown.includes(`Prompt: ${cleanTitle}\n\nResponse: ${description.responseText.split('\n')[0]}`), 'description block: prompt is the title, response the description');
}

export function escapeHtml(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
