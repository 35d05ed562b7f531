/**
 * The finished post in the popup: a preview, an editor for its Markdown,
 * and the copy and download buttons.
 *
 * The preview is a sandboxed frame (no scripts, no same-origin access) that
 * shows the core's sanitised HTML. Edits are kept in session storage per
 * run, so closing the popup loses nothing, and every Copy button copies
 * the edited version once there is one (see `post-copy.js`).
 */
import { t } from '../shared/i18n.js';
import { copyPost, postFlavours, previewDocument } from '../shared/post-copy.js';
import { loadEdit, saveEdit } from '../shared/storage.js';

/** Time after the last keystroke before the preview is rendered again, in milliseconds. */
const RENDER_DELAY_MS = 250;

/**
 * Wires the post section. `elements` are the popup's elements; `setStatus`
 * shows a message in the status line.
 */
export function createPostView(elements, setStatus) {
  let post = null;
  let runId = null;
  let edited = null;
  let shownHtml = null;
  let renderTimer = null;

  async function showPreview() {
    const html = edited === null ? post.html : (await postFlavours(post, edited)).html;
    if (html === shownHtml) return;
    shownHtml = html;
    elements.preview.srcdoc = previewDocument(html);
  }

  function showEdited() {
    const isEdited = edited !== null && edited !== post.markdown;
    elements.editedNote.hidden = !isEdited;
    elements.revert.hidden = !isEdited;
  }

  function setEditing(editing) {
    elements.editor.hidden = !editing;
    elements.preview.hidden = editing;
    elements.edit.setAttribute('aria-pressed', String(editing));
    elements.edit.textContent = t(editing ? 'popupEditDone' : 'popupEdit');
    if (editing) {
      elements.editor.value = edited ?? post.markdown;
      elements.editor.focus();
    } else {
      showPreview().catch(reportFailure);
    }
  }

  function reportFailure(error) {
    setStatus(t('popupInternalError', [String(error?.message ?? error)]));
  }

  elements.edit.addEventListener('click', () => setEditing(elements.editor.hidden));
  elements.editor.addEventListener('input', () => {
    edited = elements.editor.value;
    showEdited();
    saveEdit(runId, edited === post.markdown ? null : edited).catch(reportFailure);
    clearTimeout(renderTimer);
    renderTimer = setTimeout(() => showPreview().catch(reportFailure), RENDER_DELAY_MS);
  });
  elements.revert.addEventListener('click', () => {
    edited = null;
    elements.editor.value = post.markdown;
    showEdited();
    saveEdit(runId, null).catch(reportFailure);
    showPreview().catch(reportFailure);
    setStatus(t('popupReverted'));
    elements.edit.focus();
  });

  for (const [button, flavour] of [
    [elements.copyRich, 'rich'],
    [elements.copyMarkdown, 'markdown'],
    [elements.copyPlain, 'plain'],
  ]) {
    button.addEventListener('click', () => {
      copyPost(post, flavour, edited)
        .then((written) => setStatus(t(written ? `popupCopied_${flavour}` : 'popupStatusCopyFailed')))
        .catch(reportFailure);
    });
  }

  elements.downloadImage.addEventListener('click', () => {
    const image = post?.image;
    if (!image) return;
    const link = document.createElement('a');
    link.href = image.source;
    link.download = image.fileName;
    link.click();
  });

  /** Shows the post of a run, or hides the section when `nextPost` is null. */
  async function show(nextRunId, nextPost) {
    elements.section.hidden = !nextPost;
    elements.copyGroup.hidden = !nextPost;
    elements.downloadImage.hidden = !nextPost?.image;
    if (!nextPost) {
      post = null;
      return;
    }
    if (post && runId === nextRunId && post.markdown === nextPost.markdown) return;

    const sameRun = runId === nextRunId;
    post = nextPost;
    runId = nextRunId;
    // A regenerated stage makes a new post, and edits of the old one are void.
    edited = sameRun ? null : await loadEdit(runId);
    if (sameRun) await saveEdit(runId, null);
    if (edited === post.markdown) edited = null;
    shownHtml = null;
    showEdited();
    setEditing(false);
  }

  return { show };
}
