/**
 * The three ways to copy a post, shared by the popup and the history page.
 *
 * A post arrives as `{markdown, html, image}` from the core. When the user
 * edited its Markdown, the edit is what every flavour is made from: the
 * Markdown as written, rich text rendered and sanitised by the core from
 * it, and plain text. An unedited post's rich text is the core's original
 * HTML, so copying it again gives exactly what the run copied.
 */
import { loadCore } from './core.js';
import { writeClipboard } from './clipboard.js';

/** CSS for the preview frame, light or dark as the system is. */
export const PREVIEW_STYLE =
  ':root{color-scheme:light dark}' +
  'body{font:14px/1.5 system-ui,sans-serif;margin:10px;color:#111827;background:#fff}' +
  'h1{font-size:1.3em}h2{font-size:1.15em}h3{font-size:1em}a{color:#1d4ed8}img{max-width:100%;height:auto}' +
  '@media (prefers-color-scheme:dark){body{color:#f3f4f6;background:#111827}a{color:#93c5fd}}';

/** Returns the document the preview frame shows for sanitised post HTML. */
export function previewDocument(html) {
  return `<!doctype html><meta charset="utf-8"><style>${PREVIEW_STYLE}</style>${html}`;
}

/**
 * Returns `{markdown, html, text}`: the post in every flavour, made from
 * `edited` Markdown when it is a string that differs from the original.
 */
export async function postFlavours(post, edited = null) {
  const markdown = typeof edited === 'string' ? edited : post.markdown;
  const core = await loadCore();
  const rendered = core.renderEditedPost(markdown, post.image ?? null);
  const html = markdown === post.markdown ? post.html : rendered.html;
  return { markdown, html, text: rendered.text };
}

/**
 * Copies the post as `rich` (HTML with the Markdown as its plain-text
 * flavour, as the run does), `markdown` or `plain` text; returns true on
 * success.
 */
export async function copyPost(post, flavour, edited = null) {
  const flavours = await postFlavours(post, edited);
  switch (flavour) {
    case 'rich':
      return writeClipboard({ html: flavours.html, text: flavours.markdown });
    case 'markdown':
      return writeClipboard({ text: flavours.markdown });
    default:
      return writeClipboard({ text: flavours.text });
  }
}
