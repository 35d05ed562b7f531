#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust tests, web-ext lint on
# both store builds, then the browser tests, which load the built extension
# into headless Chromium and headless Firefox ESR against local page and
# model servers.
#
#   scripts/test.sh            everything
#   scripts/test.sh --rust     only the Rust checks and tests
#
# On a fresh Debian machine it installs what it needs first: the wasm
# target, wasm-bindgen-cli at the version Cargo.lock pins, the npm packages
# (npm ci), Debian's chromium and firefox-esr, and geckodriver.
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$repo_root"

rust_only=""
[ "${1:-}" = "--rust" ] && rust_only=1

ensure_rust_wasm_target

log "Checking formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --features test-hooks --locked -- -D warnings

log "Running the Rust tests"
cargo test --workspace --locked

# The vendored atoms crate's table of character references against the
# upstream map it replaces.
log "Running the vendored web_atoms tests"
cargo test --manifest-path vendor/web_atoms/Cargo.toml --locked

# The fuzz crate's own tests: the renderer against pulldown-cmark on sample
# and generated posts, and the inputs the fuzz targets once failed on.
log "Running the fuzz crate's tests"
ensure_cxx
cargo test --manifest-path fuzz/Cargo.toml --locked --tests

[ -n "$rust_only" ] && exit 0

ensure_chromium
ensure_firefox
ensure_geckodriver
scripts/build.sh

log "Linting both store builds with web-ext"
node scripts/lint-extension.mjs

# The folder includes tests/browser/firefox/, the Firefox tests.
log "Running the browser tests"
node --test --test-concurrency=1 tests/browser/
