#!/usr/bin/env bash
# Benchmark of the reference server; it prints and never fails on a figure.
#
# Builds the release refserver, starts it on a free loopback port with a temporary database
# (demo mode, seeded), signs demo customers in with the simulated SMS, and runs wrk against
# the main GETs (/health, /halls, an account's overview, bills and daily usage) and then a mix
# of booking and payment writes (each booking and order cancelled again by a later request).
# It prints req/s and latency percentiles beside the targets: ≥ 10k req/s and p99 < 10 ms for
# the GETs on 2 cores. The server stops when the script ends, however it ends.
#
#   scripts/server-bench.sh
#   REFSERVER=/path/to/refserver scripts/server-bench.sh   # a binary built elsewhere (no build)
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_THREADS=2   # the defaults
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: wrk makes the load, jq reads the answers the script needs.
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
command -v jq >/dev/null || need_apt+=(jq)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
lua=scripts/lib/server-bench.lua

if [ -z "${REFSERVER:-}" ]; then
  say "cargo build --release -p refserver"
  cargo build --release -p refserver --locked
  REFSERVER=target/release/refserver
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/server-bench.XXXXXX")
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
  rm -rf "$work"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

say "starting $REFSERVER on a free port with a temporary database"
RUST_LOG=warn "$REFSERVER" --addr 127.0.0.1:0 --db "$work/db.sqlite3" --dist "$work/no-portal" --demo \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
base=
for _ in $(seq 1 300); do
  base=$(sed -n 's/^refserver listening on \(http:[^ ]*\).*/\1/p' "$work/server.out")
  [ -n "$base" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/server.err" >&2
    echo "refserver exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
[ -n "$base" ] || { echo "refserver did not start within 30 s" >&2; exit 1; }
api="$base/api/v1"

# POST with a JSON body; answers the body, fails on a non-2xx answer.
post() { curl -sSf -X POST "$api$1" -H 'content-type: application/json' -d "$2"; }

# Signs in with account and phone (the demo SMS inbox gives the code); prints the token.
sign_in() {
  post /auth/sms-code "{\"account_no\":\"$1\",\"phone\":\"$2\"}" >/dev/null
  local code
  code=$(curl -sSf "$api/demo/sms?phone=$2" | jq -r .code)
  post /auth/session "{\"account_no\":\"$1\",\"phone\":\"$2\",\"code\":\"$code\"}" | jq -r .token
}

# Who books and pays in the write mix: "token account phone amount" (what the account can pay:
# its arrears, a top-up; 0 when it owes nothing). The first, 张伟明's home (postpaid,
# time-of-use, a year of bills and daily readings), is also the account the GETs read.
mix=()
for who in "3210000001 13800000001" "3210000003 13800000002" "3210000004 13800000003" \
  "3210000101 13800000101" "3210000102 13800000102" "3210000103 13800000103"; do
  set -- $who
  t=$(sign_in "$1" "$2")
  amount=$(curl -sSf -H "Authorization: Bearer $t" "$api/accounts/$1/payment-options" | jq -r .default_amount)
  mix+=("$t $1 $2 $amount")
done
accounts=$(IFS=';'; echo "${mix[*]}")
read -r token account _ <<<"${mix[0]}"

# Bookable slots of the first hall and its first service, from tomorrow (today's may be too
# close to cancel).
hall=$(curl -sSf "$api/halls" | jq -r '.[0].id')
service=$(curl -sSf "$api/halls" | jq -r '.[0].services[0]')
slots=()
for day in $(curl -sSf "$api/halls/$hall/dates?service=$service" | jq -r '.dates[1:4][]'); do
  while read -r start; do slots+=("$start"); done \
    < <(curl -sSf "$api/halls/$hall/slots?service=$service&date=$day" | jq -r '.slots[] | select(.remaining > 0) | .starts_at')
done

results=()
# Runs wrk on one path; appends "name|req/s|p50|p99|non-2xx|socket errors|notes" to results.
measure() {
  local name=$1 path=$2 mode=${3:-get}
  local auth=()
  [ "$mode" = get ] && [ -n "${4:-}" ] && auth=(-H "Authorization: Bearer $4")
  if [ "$mode" = get ]; then
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$api$path")
    [ "$status" = 200 ] || { echo "GET $path answers $status before the run" >&2; exit 1; }
  fi
  say "$name: wrk -t$threads -c$connections -d${seconds}s"
  local out
  out=$(BENCH_MODE=$mode BENCH_ACCOUNTS="$accounts" BENCH_SLOTS="${slots[*]}" BENCH_HALL="$hall" \
    BENCH_SERVICE="$service" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s -s "$lua" \
    "${auth[@]}" "$api$path")
  local line notes=
  line=$(grep '^BENCH ' <<<"$out") || { echo "$out" >&2; exit 1; }
  if [ "$mode" = writes ]; then
    read -r _ booked orders cancelled conflicts refused failed < <(grep '^WRITES ' <<<"$out")
    notes="booked $booked, orders $orders, cancelled $cancelled, 409 $conflicts, other 4xx $refused, 5xx $failed"
  fi
  read -r _ requests rps p50 p99 non2xx socket <<<"$line"
  results+=("$name|$rps|$p50|$p99|$non2xx|$socket|$notes")
}

measure "GET /health" /health get
measure "GET /halls" /halls get
measure "GET overview" "/accounts/$account/overview" get "$token"
measure "GET bills" "/accounts/$account/bills" get "$token"
measure "GET daily usage (90 days)" "/accounts/$account/usage/daily" get "$token"
measure "writes: book/cancel, order/cancel" /health writes

cores=$(nproc)
echo
echo "refserver $("$REFSERVER" --version | cut -d' ' -f2), $cores cores, wrk -t$threads -c$connections -d${seconds}s"
echo "targets for the GETs on 2 cores: >= 10000 req/s and p99 < 10 ms"
printf '%-36s %10s %9s %9s %8s %7s  %s\n' endpoint req/s 'p50 ms' 'p99 ms' non-2xx socket target
for row in "${results[@]}"; do
  IFS='|' read -r name rps p50 p99 non2xx socket notes <<<"$row"
  verdict=
  if [[ "$name" == GET* ]]; then
    if awk -v r="$rps" -v p="$p99" 'BEGIN { exit !(r >= 10000 && p < 10) }'; then verdict="met"; else verdict="not met"; fi
  else
    verdict="(no target) $notes"
  fi
  printf '%-36s %10.0f %9.2f %9.2f %8d %7d  %s\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "$socket" "$verdict"
done
