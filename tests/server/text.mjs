// Deterministic answers and token counts of the test model server.

/** A 1×1 PNG, the image every image request gets. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/**
 * Counts tokens roughly as real tokenizers do: four ASCII characters, one
 * CJK or similar character, or three other characters per token. The
 * extension's own estimate is more cautious, so a prompt it thinks fits
 * also fits here.
 */
export function countTokens(text) {
  let ascii = 0;
  let wide = 0;
  let other = 0;
  for (const c of text) {
    const code = c.codePointAt(0);
    if (code < 128) ascii += 1;
    else if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || code >= 0x1f000) wide += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4) + wide + Math.ceil(other / 3);
}

/** Deterministic text for each stage, recognised from its instruction. */
export function defaultText(system, input) {
  if (/Reply with the single word OK/.test(system)) return 'OK';
  if (/take notes on one part of a long article/i.test(system)) {
    const part = /Part (\d+) of (\d+)/.exec(input);
    return `- Notes on part ${part?.[1] ?? '?'}: the article says something worth keeping.`;
  }
  if (/merge notes taken on consecutive parts/i.test(system)) return '- Merged notes: the article says several things worth keeping.';
  if (/blog title generator/i.test(system)) return '"Test Server Title: Local Models Rock"';
  if (/visual description/i.test(system)) {
    return `**Style:** Futurism\n**Visual Description:** A robot pirate reads "${input.slice(0, 60)}" on a glowing deck.`;
  }
  const title = /^Title: (.*)$/m.exec(input)?.[1] ?? 'the article';
  return [
    `# Test Post About ${title}`,
    '',
    'An intro paragraph written by the local test server.',
    '',
    '## Key Points',
    '',
    '- **First point**: the server read the article.',
    '- **Second point**: it answered in the provider format.',
    '- **Third point**: the extension turned it into a post.',
    '',
    'That is all, folks!',
  ].join('\n');
}

/** Splits text into pieces of a few characters, as a real model streams. */
export function pieces(text) {
  return text.match(/[\s\S]{1,12}/g) ?? [];
}
