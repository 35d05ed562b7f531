# Installs what the build, the tests and the demo need, when it is missing.
# Sourced by the scripts in this folder; every function is idempotent, so a
# second run costs only the checks. Tools go into .cache/ (ignored by git)
# where possible, and Debian packages are installed with apt-get.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache="$repo_root/.cache"
mkdir -p "$cache"

log() {
  printf '\033[1m==> %s\033[0m\n' "$*" >&2
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: '$*' needs root, and sudo is not installed; run it as root" >&2
    return 1
  fi
}

apt_updated=""

# Installs Debian packages that are not installed yet.
ensure_debian_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  log "Installing Debian packages: ${missing[*]}"
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_rust_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "Adding the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# Prints the version of a package in Cargo.lock.
locked_version() {
  awk -v name="$1" '$1 == "name" && $3 == "\"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' "$repo_root/Cargo.lock"
}

# Installs the wasm-bindgen CLI at the version Cargo.lock pins for the crate,
# into .cache/tools; prints nothing.
ensure_wasm_bindgen() {
  local version
  version=$(locked_version wasm-bindgen)
  if [ -z "$version" ]; then
    echo "error: wasm-bindgen is not in Cargo.lock; run 'cargo generate-lockfile' first" >&2
    return 1
  fi
  local binary="$cache/tools/bin/wasm-bindgen"
  if [ -x "$binary" ] && [ "$("$binary" --version)" = "wasm-bindgen $version" ]; then
    return 0
  fi

  log "Installing wasm-bindgen-cli $version (takes a few minutes)"
  # The CLI's own lockfile can name versions a registry mirror lacks; then
  # cargo resolves the dependencies afresh.
  cargo install wasm-bindgen-cli --version "$version" --root "$cache/tools" --locked --quiet \
    || {
      log "Retrying without --locked: the registry lacks a version the CLI's lockfile names"
      cargo install wasm-bindgen-cli --version "$version" --root "$cache/tools" --quiet
    }
}

# Installs the npm packages in package-lock.json when node_modules is missing
# or older than the lockfile.
ensure_node_modules() {
  if ! command -v npm >/dev/null 2>&1; then
    ensure_debian_packages nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "error: Node.js $(node --version) is too old; install Node.js 20 or later (for example from nodesource.com) and run this again" >&2
    return 1
  fi
  local stamp="$repo_root/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$repo_root/package-lock.json" -nt "$stamp" ]; then
    log "Installing npm packages (npm ci)"
    (cd "$repo_root" && npm ci --no-audit --no-fund)
  fi
}

# The fuzz crate links libFuzzer, which its build compiles from C++ sources.
ensure_cxx() {
  command -v c++ >/dev/null 2>&1 || ensure_debian_packages g++
}

ensure_chromium() {
  ensure_debian_packages chromium
}

ensure_firefox() {
  ensure_debian_packages firefox-esr
}

# The geckodriver release the Firefox tests were written against.
GECKODRIVER_VERSION=0.37.1

# Installs geckodriver, which selenium-webdriver uses to drive Firefox, from
# crates.io into .cache/tools; Debian does not package it.
ensure_geckodriver() {
  local binary="$cache/tools/bin/geckodriver"
  if [ -x "$binary" ] && "$binary" --version | head -n 1 | grep -qx "geckodriver $GECKODRIVER_VERSION.*"; then
    return 0
  fi

  log "Installing geckodriver $GECKODRIVER_VERSION (takes a few minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --root "$cache/tools" --locked
}

ensure_python() {
  command -v python3 >/dev/null 2>&1 || ensure_debian_packages python3 python3-venv
}
