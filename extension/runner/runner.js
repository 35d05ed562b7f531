/**
 * Runs jobs: extraction and the stage chain in the wasm core, then the
 * clipboard.
 *
 * The runner lives where long requests may run: Chromium's offscreen
 * document (a service worker is stopped when one fetch takes more than 30
 * seconds to answer) and Firefox's background page. It does not know which;
 * its host passes three functions: `publish(view, persist)` after each
 * change, `finish(view, data)` at the end, and `writeClipboard({html, text})`.
 */
import { coreFailure, loadCore } from '../shared/core.js';
import { promptBridge } from '../shared/prompt-api.js';
import { applyEvent, failView } from '../shared/run-state.js';

/** Minimum time between two broadcasts of streaming text, in milliseconds. */
const TEXT_PUBLISH_INTERVAL_MS = 150;

export function createRunner({ publish, finish, writeClipboard }) {
  /** Jobs under way, by run id: `{view, controller}`. */
  const jobs = new Map();

  /**
   * Runs one job: `{view, settings, keys, labels, finished, regenerate,
   * page | article}`. With `article` set (a retry or a regenerated stage),
   * extraction is skipped; `regenerate` names a stage to run again.
   */
  async function start(job) {
    const view = job.view;
    const controller = new AbortController();
    jobs.set(view.id, { view, controller });

    let article = job.article ?? null;
    let records = job.finished ?? [];
    let archive = null;
    let textTimer = null;
    const publishText = () => {
      textTimer ??= setTimeout(() => {
        textTimer = null;
        publish(view, false);
      }, TEXT_PUBLISH_INTERVAL_MS);
    };

    try {
      const core = await loadCore();
      view.stages = mergeStages(view.stages, core.plannedStages(job.settings));

      if (!article) {
        try {
          article = core.extractPage(job.page);
        } catch (error) {
          failView(view, coreFailure(error));
          return;
        }
      }
      view.article = summarizeArticle(article);
      publish(view, true);

      const onEvent = (event) => {
        applyEvent(view, event);
        if (event.type === 'stageText') publishText();
        else publish(view, true);
      };
      // The seed varies the retry jitter between runs; it needs no quality.
      const seed = Math.floor(Math.random() * 2 ** 52);
      const input = {
        article,
        settings: job.settings,
        keys: job.keys,
        finished: records,
        regenerate: job.regenerate ?? null,
        labels: job.labels,
        seed,
      };
      const result = await core.runStages(input, onEvent, controller.signal, promptBridge);
      records = result.records;

      if (result.error) {
        failView(view, result.error, result.failedStage);
        return;
      }
      view.post = result.post;
      archive = result.postWithoutImage ?? null;
      view.status = 'done';
      view.finishedAt = Date.now();
      view.clipboard = (await writeClipboard({ html: result.post.html, text: result.post.markdown })) ? 'written' : 'failed';
    } catch (error) {
      failView(view, coreFailure(error));
    } finally {
      clearTimeout(textTimer);
      jobs.delete(view.id);
      finish(view, { article, records: withoutImageData(records), archive });
    }
  }

  /** Cancels a job; returns false when no such job runs here. */
  function cancel(runId) {
    const job = jobs.get(runId);
    job?.controller.abort();
    return Boolean(job);
  }

  /** Returns the live view of a job, or null when no such job runs here. */
  function view(runId) {
    return jobs.get(runId)?.view ?? null;
  }

  return { start, cancel, view };
}

/** Keeps the state of stages already in the view (a retry) and adds the rest. */
function mergeStages(current, planned) {
  return planned.map(
    (stage) =>
      current.find((entry) => entry.stage === stage) ?? { stage, status: 'waiting', model: '', endpoint: '', attempt: 0, text: '' },
  );
}

/**
 * Returns the records without the image's data, which can be megabytes:
 * the post already holds the image, and the image stage is the last one,
 * so a retry never reuses it.
 */
function withoutImageData(records) {
  return records.map((record) => (record.image ? { ...record, image: { ...record.image, base64: null } } : record));
}

/** The article's metadata for display; the body stays out of views. */
function summarizeArticle(article) {
  return {
    title: article.title,
    siteName: article.siteName ?? null,
    byline: article.byline ?? null,
    url: article.canonicalUrl ?? article.url,
    lang: article.lang ?? null,
    wordCount: article.wordCount,
    fromSelection: article.fromSelection,
  };
}
