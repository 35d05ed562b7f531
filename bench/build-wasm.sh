#!/usr/bin/env bash
# Builds the release wasm with the benchmark export into OUT_DIR (default
# target/bench-pkg): cargo, then wasm-bindgen --target web, then wasm-opt.
# The wasm-bindgen CLI must match the crate's wasm-bindgen version; set
# WASM_BINDGEN to its path when it is not on PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$root/target/bench-pkg}"
wasm_bindgen="${WASM_BINDGEN:-wasm-bindgen}"
wasm_opt="$here/node_modules/.bin/wasm-opt"

cargo build --manifest-path "$root/Cargo.toml" -j2 --release --lib \
  --target wasm32-unknown-unknown --features bench-wasm
rm -rf "$out"
"$wasm_bindgen" --target web --out-dir "$out" \
  "$root/target/wasm32-unknown-unknown/release/summarize_to_post.wasm"
"$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals \
  "$out/summarize_to_post_bg.wasm" -o "$out/summarize_to_post_bg.wasm"
echo "wasm: $(wc -c < "$out/summarize_to_post_bg.wasm") bytes," \
  "$(gzip -9 -c "$out/summarize_to_post_bg.wasm" | wc -c) bytes gzipped"
