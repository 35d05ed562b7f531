#!/usr/bin/env python3
"""Score extractors' JSON Lines output on both corpora and print a table.

usage: report.py SCORER NAME=RESULTS.jsonl [NAME=RESULTS.jsonl ...]

SCORER is score_extraction.py. Each RESULTS file may hold pages of either
corpus or both; the scorer ignores pages of the other corpus. The table
has one row per extractor: precision, recall and F1 on trafilatura-eval,
then body precision, recall and F1 and the exact metadata matches on the
Mozilla Readability corpus.
"""

import re
import subprocess
import sys

NUMBER = r"([0-9.]+)"


def score(scorer, corpus, results):
    output = subprocess.run(
        [sys.executable, scorer, corpus, results], capture_output=True, text=True, check=True
    ).stdout
    if corpus == "trafilatura":
        match = re.search(rf"precision {NUMBER}\s+recall {NUMBER}\s+F1 {NUMBER}", output)
        return {"P": match.group(1), "R": match.group(2), "F1": match.group(3)}
    body = re.search(rf"body: precision {NUMBER}\s+recall {NUMBER}\s+F1 {NUMBER}", output)
    scores = {"P": body.group(1), "R": body.group(2), "F1": body.group(3)}
    for field, matched, counted in re.findall(r"^(\w+): (\d+)/(\d+) exact", output, re.M):
        scores[field] = f"{matched}/{counted}"
    return scores


def main(argv):
    if len(argv) < 3 or any("=" not in arg for arg in argv[2:]):
        sys.exit(__doc__)
    scorer = argv[1]
    fields = ("title", "byline", "excerpt", "siteName", "publishedTime", "lang")
    print("| extractor | trafilatura P | R | F1 | mozilla body P | R | F1 | "
          + " | ".join(fields) + " |")
    print("|---" * (7 + len(fields)) + "|")
    for argument in argv[2:]:
        name, results = argument.split("=", 1)
        traf = score(scorer, "trafilatura", results)
        moz = score(scorer, "mozilla", results)
        metadata = " | ".join(moz.get(field, "-") for field in fields)
        print(f"| {name} | {traf['P']} | {traf['R']} | {traf['F1']} | "
              f"{moz['P']} | {moz['R']} | {moz['F1']} | {metadata} |")


if __name__ == "__main__":
    main(sys.argv)
