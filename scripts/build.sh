#!/usr/bin/env bash
# Builds the extension.
#
#   scripts/build.sh
#
# Writes pkg/, the optimised wasm core and its wasm-bindgen glue, so that the
# repository root loads as an unpacked extension in Chromium. Also writes,
# under dist/, for each BROWSER of chromium and firefox:
#   BROWSER/                           what the store package contains
#   summarize-to-post-BROWSER.zip      that folder, zipped for its store
#   BROWSER-test/                      the same plus what automated tests
#                                      need (see "Driving the extension" in README.md)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$repo_root"

ensure_rust_wasm_target
ensure_wasm_bindgen
ensure_node_modules
ensure_python

# Builds the core with the given cargo features into target/<dir> and writes
# the optimised wasm and its glue to <out>.
build_core() {
  local out=$1 target_dir=$2
  shift 2
  cargo build --release --target wasm32-unknown-unknown --lib --locked --target-dir "$target_dir" "$@"
  rm -rf "$out"
  "$cache/tools/bin/wasm-bindgen" --target web --out-dir "$out" --out-name core --no-typescript \
    "$target_dir/wasm32-unknown-unknown/release/summarize_to_post.wasm"
  node_modules/.bin/wasm-opt -O3 \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/core_bg.wasm" -o "$out/core_bg.wasm"
}

log "Building and optimising the wasm core"
build_core pkg target

log "Building the core for the test build (with test hooks)"
build_core target/pkg-test target/test-hooks --features test-hooks

log "Assembling dist/"
node scripts/assemble.mjs
