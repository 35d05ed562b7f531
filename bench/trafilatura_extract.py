#!/usr/bin/env python3
"""Run the trafilatura library as a reference extractor.

Reads "PATH<TAB>URL" lines on standard input (the form
`score_extraction.py pages CORPUS` prints) and writes one JSON object per
line with the fields the scorer reads: path, url, title, byline, siteName,
publishedTime, lang, excerpt and text. trafilatura runs with its default
settings, which keep comments and tables. A page that fails gets an
"error" field and the run goes on.
"""

import json
import sys
import time

import trafilatura


def extract(path, url):
    with open(path, "rb") as handle:
        raw = handle.read()
    html = trafilatura.utils.decode_file(raw)
    document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
    if document is None:
        return {"path": path, "url": url, "text": ""}
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return {
        "path": path,
        "url": url,
        "title": data.get("title"),
        "byline": data.get("author"),
        "siteName": data.get("sitename"),
        "publishedTime": data.get("date"),
        "lang": data.get("language"),
        "excerpt": data.get("description"),
        "text": data.get("text") or "",
    }


def main():
    started = time.perf_counter()
    pages = 0
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        path, _, url = line.partition("\t")
        try:
            record = extract(path, url.strip())
        except Exception as error:  # one bad page must not stop the run
            record = {"path": path, "url": url, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(record, ensure_ascii=False))
        pages += 1
    elapsed = time.perf_counter() - started
    print(f"trafilatura {trafilatura.__version__}: {pages} pages in {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
