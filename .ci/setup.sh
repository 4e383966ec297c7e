# Sourced by .ci/demo, .ci/test and .ci/bench: installs what a fresh machine lacks, idempotently.
#   source .ci/setup.sh demo    toolchain + PostgreSQL server binaries
#   source .ci/setup.sh test    also Chromium, the end2end npm packages and a test database server
#                               (exports DATABASE_URL when it was unset)
#   source .ci/setup.sh bench   also wrk
set -euo pipefail
SETUP_MODE=${1:-demo}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
# cargo-leptos builds the portal with LEPTOS_OUTPUT_NAME set, and leptos reads it at compile
# time: plain cargo builds (tests, the reference backend) without it would rebuild leptos, app
# and server, and the next cargo-leptos build would rebuild them back.
export LEPTOS_OUTPUT_NAME=portal

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_bin_dir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
  fi
}

lock_version() { # version of a crate in Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$REPO_ROOT/Cargo.lock"
}

install_toolchain() {
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "0.3.10" ]; then
    log "installing cargo-leptos 0.3.10 (takes about 12 minutes)"
    cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
  fi
  local wbg
  wbg=$(lock_version wasm-bindgen)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
    log "installing wasm-bindgen-cli $wbg (the Cargo.lock version)"
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
  if [ -z "$(pg_bin_dir)" ]; then
    log "installing PostgreSQL"
    apt_install postgresql
  fi
}

install_wasm_opt() { # release builds run wasm-opt
  if ! command -v wasm-opt >/dev/null 2>&1; then
    if [ ! -x "$REPO_ROOT/end2end/node_modules/.bin/wasm-opt" ]; then
      log "installing wasm-opt (npm binaryen)"
      (cd "$REPO_ROOT/end2end" && npm ci --no-audit --no-fund >/dev/null)
    fi
    export PATH="$REPO_ROOT/end2end/node_modules/.bin:$PATH"
  fi
}

install_browser_tools() {
  command -v node >/dev/null 2>&1 || apt_install nodejs npm
  [ -x /usr/bin/chromium ] || { log "installing Chromium"; apt_install chromium; }
  fc-list 2>/dev/null | grep -qi 'wqy\|noto.*cjk' || apt_install fonts-wqy-zenhei || true
  log "installing end2end npm packages"
  (cd "$REPO_ROOT/end2end" && npm ci --no-audit --no-fund >/dev/null)
}

# The release site, its assets precompressed (.br, .gz beside each). cargo-leptos writes its gzip
# with libflate, ~15 % larger than zlib's best: browsers that do not take br get `gzip -9` files.
build_release_site() {
  cargo leptos build --release --precompress "$@"
  local asset
  for asset in "$REPO_ROOT"/target/site/pkg/*.js "$REPO_ROOT"/target/site/pkg/*.wasm "$REPO_ROOT"/target/site/pkg/*.css; do
    if [ -f "$asset" ]; then gzip -9 -n -k -f "$asset"; fi
  done
}

# Tests need a Postgres server they may create databases on. Use DATABASE_URL if given, else the
# machine's server on 127.0.0.1:5432, else a private throw-away cluster on port 55432.
ensure_test_database_server() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  local local_url="postgres://postgres@127.0.0.1:5432/postgres"
  if ! psql "$local_url" -qAtc 'select 1' >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start 2>/dev/null || true
    sleep 2
  fi
  if psql "$local_url" -qAtc 'select 1' >/dev/null 2>&1; then
    export DATABASE_URL="$local_url"
    return
  fi
  local bin dir port=55432
  bin=$(pg_bin_dir)
  dir=/tmp/portal-test-pg
  log "starting a private test PostgreSQL in $dir (port $port)"
  local run=()
  if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir" && chmod 0755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    "${run[@]}" "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null 2>&1 || true
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

install_toolchain
case "$SETUP_MODE" in
  demo) ;;
  test) install_browser_tools; ensure_test_database_server ;;
  bench) install_browser_tools; command -v wrk >/dev/null 2>&1 || apt_install wrk; command -v pgbench >/dev/null 2>&1 || apt_install postgresql-contrib ;;
esac
