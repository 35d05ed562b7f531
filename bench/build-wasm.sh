#!/usr/bin/env bash
# Builds the release wasm into OUT_DIR: cargo, then wasm-bindgen --target
# web, then wasm-opt.
#
#   bench/build-wasm.sh [OUT_DIR] [--core]
#
# By default it builds the benchmark module, with the `benchExtract` export
# (feature bench-wasm), into OUT_DIR (default target/bench-pkg). With
# --core it builds the extension's whole core as scripts/build.sh does,
# without the benchmark export, so that its size can be reported.
# The wasm-bindgen CLI must match the crate's wasm-bindgen version; set
# WASM_BINDGEN to its path when it is not on PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$root/target/bench-pkg}"
mode="${2:-bench}"
wasm_bindgen="${WASM_BINDGEN:-wasm-bindgen}"
wasm_opt="$here/node_modules/.bin/wasm-opt"

case "$mode" in
  bench) features=(--features bench-wasm) target_dir="$root/target" ;;
  --core) features=() target_dir="$root/target/bench-core" ;;
  *) echo "usage: bench/build-wasm.sh [OUT_DIR] [--core]" >&2; exit 2 ;;
esac

cargo build --manifest-path "$root/Cargo.toml" -j2 --release --locked --lib \
  --target wasm32-unknown-unknown --target-dir "$target_dir" "${features[@]}"
rm -rf "$out"
"$wasm_bindgen" --target web --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/release/summarize_to_post.wasm"
"$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types \
  --enable-multivalue \
  "$out/summarize_to_post_bg.wasm" -o "$out/summarize_to_post_bg.wasm"
echo "wasm: $(wc -c < "$out/summarize_to_post_bg.wasm") bytes," \
  "$(gzip -9 -c "$out/summarize_to_post_bg.wasm" | wc -c) bytes gzipped"
