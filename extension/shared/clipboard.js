/**
 * Writing the post to the clipboard.
 *
 * `navigator.clipboard.write` needs a focused document, which an offscreen
 * document never is. A `copy` event handler can set any flavour, and
 * `document.execCommand('copy')` fires that event in extension pages with
 * the `clipboardWrite` permission. So this works in the popup, the offscreen
 * document and Firefox's background page alike.
 */

/**
 * Puts `text` as text/plain and, when given, `html` as text/html on the
 * clipboard in one write; returns true on success.
 */
export function writeClipboard({ html = null, text }) {
  let written = false;
  const onCopy = (event) => {
    event.preventDefault();
    if (html !== null) event.clipboardData.setData('text/html', html);
    event.clipboardData.setData('text/plain', text);
    written = true;
  };
  document.addEventListener('copy', onCopy, { capture: true });
  try {
    const accepted = document.execCommand('copy');
    return accepted && written;
  } finally {
    document.removeEventListener('copy', onCopy, { capture: true });
  }
}
