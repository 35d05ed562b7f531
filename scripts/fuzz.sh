#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Runs each target (default: all) for SECONDS (default: 600) and prints the
# number of executions. A failing input is saved in fuzz/artifacts/TARGET/;
# keep it as a regression test before fixing the bug. cargo-fuzz wants a
# nightly compiler for its sanitizer flags; RUSTC_BOOTSTRAP=1 with `-s none`
# runs it on the stable toolchain, with libFuzzer's coverage but without
# AddressSanitizer (safe Rust needs none).
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$repo_root"

seconds=${1:-600}
shift || true
if [ ! -x "$cache/tools/bin/cargo-fuzz" ]; then
  log "Installing cargo-fuzz"
  cargo install cargo-fuzz --root "$cache/tools"
fi
export PATH="$cache/tools/bin:$PATH"

targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(cargo fuzz list)

# The extractor starts from real pages rather than from nothing.
mkdir -p fuzz/corpus/extract_page
if [ -z "$(ls -A fuzz/corpus/extract_page)" ]; then
  cp tests/data/extract/*.html fuzz/corpus/extract_page/ 2>/dev/null || true
fi

for target in "${targets[@]}"; do
  log "Fuzzing $target for $seconds s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -s none -- -max_total_time="$seconds" 2>&1 \
    | grep -E '^Done|panicked|SUMMARY|Test unit written' || true
  if compgen -G "fuzz/artifacts/$target/crash-*" >/dev/null; then
    echo "error: $target found a failing input in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
