#!/usr/bin/env bash
# Runs the extraction benchmark: our extractor and the reference
# extractors on both corpora, scored in one run, then the speed of our
# wasm build against Readability.js in headless Chromium, and the wasm
# size. Nothing here is a pass/fail test; it prints numbers.
#
# usage: bench/run.sh SCORER [OUT_DIR]
#
# SCORER is score_extraction.py, which finds the two corpora beside it and
# prints their page lists. OUT_DIR (default target/bench) receives every
# extractor's JSON Lines output and the speed report.
#
# Needs: Python with bench/requirements.txt installed, Node.js with
# `npm ci` run in bench/, Chromium at /usr/bin/chromium (or CHROMIUM), and
# the wasm-bindgen CLI of the crate's wasm-bindgen version (WASM_BINDGEN).
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1" ]]; then
  echo "usage: bench/run.sh SCORER [OUT_DIR]  (SCORER: path to score_extraction.py)" >&2
  exit 2
fi
scorer="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${2:-$root/target/bench}"
mkdir -p "$out"

python3 "$scorer" pages mozilla > "$out/pages-mozilla.tsv"
python3 "$scorer" pages trafilatura > "$out/pages-trafilatura.tsv"
cat "$out/pages-mozilla.tsv" "$out/pages-trafilatura.tsv" > "$out/pages-all.tsv"

echo "== ours (native build)" >&2
cargo build --manifest-path "$root/Cargo.toml" -j2 --release --locked --bin summarize-to-post
"$root/target/release/summarize-to-post" extract --jsonl < "$out/pages-all.tsv" > "$out/ours.jsonl"

echo "== trafilatura (Python)" >&2
python3 "$here/trafilatura_extract.py" < "$out/pages-all.tsv" > "$out/trafilatura.jsonl"

echo "== rs-trafilatura and dom_smoothie" >&2
cargo build --manifest-path "$here/refs-rs/Cargo.toml" -j2 --release --locked
refs="$here/refs-rs/target/release/extraction-refs"
"$refs" rs-trafilatura < "$out/pages-all.tsv" > "$out/rs-trafilatura.jsonl"
"$refs" dom-smoothie < "$out/pages-all.tsv" > "$out/dom-smoothie.jsonl"

echo "== wasm of the extension's whole core, for its size" >&2
"$here/build-wasm.sh" "$out/core-pkg" --core

echo "== wasm build and speed against Readability.js in Chromium" >&2
"$here/build-wasm.sh" "$out/pkg"
node "$here/speed.mjs" "$out/pkg" "$out/speed" --chromium "${CHROMIUM:-/usr/bin/chromium}" \
  < "$out/pages-all.tsv" > "$out/speed-summary.json"

echo
echo "## Quality"
echo
python3 "$here/report.py" "$scorer" \
  "ours=$out/ours.jsonl" \
  "ours (wasm)=$out/speed/ours-wasm.jsonl" \
  "Readability.js 0.6.0=$out/speed/readability.jsonl" \
  "trafilatura (Python)=$out/trafilatura.jsonl" \
  "rs-trafilatura 0.2.2=$out/rs-trafilatura.jsonl" \
  "dom_smoothie 0.19=$out/dom-smoothie.jsonl"

echo
echo "## Speed and size"
echo
python3 - "$out/speed-summary.json" "$out/pkg/summarize_to_post_bg.wasm" "$out/core-pkg/summarize_to_post_bg.wasm" <<'PY'
import gzip, json, sys
summary = json.load(open(sys.argv[1]))
wasm = open(sys.argv[2], "rb").read()
core = open(sys.argv[3], "rb").read()
print(f"- pages timed: {summary['pages']}, {summary['rounds']} rounds each, median per page")
print(f"- median per-page time ratio, ours / Readability.js: {summary['medianRatio']:.3f}")
print(f"- median time per page: ours {summary['medianOursMs']:.1f} ms, "
      f"Readability.js {summary['medianReadabilityMs']:.1f} ms")
typical = summary["typical2MB"]
print(f"- 2 MB news-shaped page ({typical['bytes']} bytes, mostly scripts, styles and layout): "
      f"ours {typical['oursMs']:.1f} ms, Readability.js {typical['readabilityMs']:.1f} ms")
big = summary["synthetic2MB"]
print(f"- 2 MB page of article text ({big['bytes']} bytes): ours {big['oursMs']:.1f} ms, "
      f"Readability.js {big['readabilityMs']:.1f} ms")
print(f"- wasm of the extension's whole core (after wasm-opt): {len(core)} bytes, "
      f"{len(gzip.compress(core, 9))} bytes gzipped")
print(f"- wasm of the benchmark build (the core plus the benchmark export, after wasm-opt): {len(wasm)} bytes, "
      f"{len(gzip.compress(wasm, 9))} bytes gzipped")
PY
