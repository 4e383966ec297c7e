#!/usr/bin/env bash
# Starts the portal for the end-to-end tests: a fresh database, demo data, 127.0.0.1:3100.
# Playwright's webServer runs this; it does not build (run `SQLX_OFFLINE=true cargo leptos build`
# in the repository root first). The database is dropped again when the server is stopped.
#
#   E2E_DATABASE_SERVER  Postgres server URL without a database (default postgres://postgres@127.0.0.1:5432)
#   E2E_PORT             port to serve on (default 3100)
#   E2E_DATABASE_NAME    the database to create (default portal_e2e_<time>_<pid>); the Playwright
#                        config names it, so that tests can feed its base data registers
#   E2E_PORTAL_BIN       the portal binary (default target/debug/portal)
#   E2E_SITE_ROOT        the site cargo-leptos built (default target/site)
#   E2E_VENDOR_BIN       the reference vendor system (default target/debug/reference_vendor), run as
#                        the system of demo vendor 福建闽数云计算有限公司 on E2E_PORT + 1
#   E2E_SMS_BIN          the reference SMS gateway (default target/debug/reference_sms_gateway), on
#                        E2E_PORT + 2 with token E2E_SMS_TOKEN: the tests read registration codes there
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
server="${E2E_DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}"
server="${server%/}"
port="${E2E_PORT:-3100}"
binary="${E2E_PORTAL_BIN:-$root/target/debug/portal}"
site="${E2E_SITE_ROOT:-$root/target/site}"
vendor_bin="${E2E_VENDOR_BIN:-$root/target/debug/reference_vendor}"
vendor_port=$((port + 1))
sms_bin="${E2E_SMS_BIN:-$root/target/debug/reference_sms_gateway}"
sms_port=$((port + 2))
sms_token="${E2E_SMS_TOKEN:-reference-sms-e2e-token}"
# 福建闽数云计算有限公司's fixed id in the demo seed (server/src/demo/market_seed.json).
vendor_id="0d3e0000-0000-4000-8000-000000000002"

# (cargo-leptos names the WebAssembly portal.<hash>.wasm: its hash file sits beside the binary.)
if [[ ! -x "$binary" ]] || ! compgen -G "$site/pkg/portal*.wasm" >/dev/null || [[ ! -x "$vendor_bin" || ! -x "$sms_bin" ]]; then
    echo "serve.sh: $binary, $site/pkg, $vendor_bin or $sms_bin is missing; run 'SQLX_OFFLINE=true cargo leptos build' and 'cargo build -p reference-vendor -p reference-sms' in $root first" >&2
    exit 1
fi

psql_admin() {
    psql "$server/postgres" -v ON_ERROR_STOP=1 -qAt "$@"
}

# Drop what earlier runs left behind when they were killed (their server process is gone).
for stale in $(psql_admin -c "select datname from pg_database where datname ~ '^portal_e2e_[0-9]+_[0-9]+$'"); do
    pid="${stale##*_}"
    if ! kill -0 "$pid" 2>/dev/null; then
        psql_admin -c "drop database if exists \"$stale\" with (force)" || true
    fi
done

# Named by the Playwright config (the tests feed its base data registers), else here.
database="${E2E_DATABASE_NAME:-portal_e2e_$(date +%Y%m%d%H%M%S)_$$}"
psql_admin -c "create database \"$database\""
echo "serve.sh: database $database"

child=""
vendor=""
sms=""
cleanup() {
    trap - EXIT INT TERM
    for pid in "$child" "$vendor" "$sms"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    psql_admin -c "drop database if exists \"$database\" with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

cd "$root"
# One secret for the portal and its one-off commands: the vendor system's key is sealed with it.
secret="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
# Registration codes go to the reference SMS gateway, where the tests read them as a phone would.
REFSMS_ADDR="127.0.0.1:$sms_port" REFSMS_TOKEN="$sms_token" RUST_LOG="${RUST_LOG:-warn}" "$sms_bin" &
sms=$!

# Every browser of the suite registers from 127.0.0.1: the per-address registration limit
# (20 an hour by default) would refuse most of them. The tests count what they make in queues
# and lists, so they start from the demo accounts without the demo's history of cases.
PORTAL_SMS_URL="http://127.0.0.1:$sms_port" \
PORTAL_SMS_TOKEN="$sms_token" \
DATABASE_URL="$server/$database" \
PORTAL_ADDR="127.0.0.1:$port" \
PORTAL_SITE_ROOT="$site" \
PORTAL_SECRET="$secret" \
PORTAL_REGISTER_MAX_PER_ADDRESS=100000 \
PORTAL_DEMO_HISTORY=off \
RUST_LOG="${RUST_LOG:-warn}" \
    "$binary" demo &
child=$!

# A portal binary built by plain `cargo build`/`cargo test` (not `cargo leptos build`) links
# `pkg/portal_bg.wasm`, which cargo-leptos does not produce: every page would stay dead
# without a word. Say so at once instead.
base="http://127.0.0.1:$port"
until curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; do
    kill -0 "$child" 2>/dev/null || { wait "$child"; exit 1; }
    sleep 0.2
done
for asset in $(curl -fsS "$base/" | grep -oE '\("[^"]*", *"[^"]*", *"[^"]*", *"[^"]*"' \
        | sed -E 's/\("[^"]*", *"([^"]*)", *"([^"]*)", *"([^"]*)"/\1\/\2.js \1\/\3.wasm/'); do
    if [[ ! -f "$site/$asset" ]]; then
        echo "serve.sh: the pages load /$asset, which $site does not have:" >&2
        echo "serve.sh: $binary was not built by cargo-leptos; run 'SQLX_OFFLINE=true cargo leptos build' in $root" >&2
        exit 1
    fi
done

# One demo vendor's orders are provisioned by the reference vendor system (its tables in schema
# refvendor of the same database), after a progress report, a few seconds after the order.
key=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
REFVENDOR_ADDR="127.0.0.1:$vendor_port" \
REFVENDOR_DATABASE_URL="$server/$database" \
REFVENDOR_VENDORS="$vendor_id=$key" \
REFVENDOR_SUCCEED_AFTER_MS=8000 \
REFVENDOR_PROGRESS_MESSAGE="正在为贵企业创建云主机" \
RUST_LOG="${RUST_LOG:-warn}" \
    "$vendor_bin" &
vendor=$!
DATABASE_URL="$server/$database" PORTAL_BACKEND_KEY="$key" PORTAL_SECRET="$secret" RUST_LOG=warn \
    "$binary" vendor-system "$vendor_id" "http://127.0.0.1:$vendor_port" >/dev/null
wait "$child"
