#!/usr/bin/env bash
# Builds the extension.
#
#   scripts/build.sh
#
# Writes pkg/, the optimised wasm core and its wasm-bindgen glue, so that the
# repository root loads as an unpacked extension. Also writes, under dist/:
#   chromium/                          what the store package contains
#   summarize-to-post-chromium.zip     that folder, zipped for the store
#   chromium-test/                     the same plus what automated tests
#                                      need (see "Driving the extension" in README.md)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$repo_root"

ensure_rust_wasm_target
ensure_wasm_bindgen
ensure_node_modules
ensure_python

log "Building the wasm core"
cargo build --release --target wasm32-unknown-unknown --lib --locked
rm -rf pkg
"$cache/tools/bin/wasm-bindgen" --target web --out-dir pkg --out-name core --no-typescript \
  target/wasm32-unknown-unknown/release/summarize_to_post.wasm

log "Optimising the wasm core with wasm-opt"
node_modules/.bin/wasm-opt -O3 \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/core_bg.wasm -o pkg/core_bg.wasm

log "Assembling dist/"
node scripts/assemble.mjs
