#!/usr/bin/env bash
# The contract gate: schemathesis (pinned) runs all its checks, with a fixed seed, against the
# seeded reference server in demo mode, signed in, and fails on any disagreement between
# api/openapi.yaml and what the server does. Builds the debug server, starts it on a free
# 127.0.0.1 port with a temporary database, signs in, runs, and stops the server by itself.
#
#   scripts/schemathesis.sh                 # the gate, as scripts/test.sh runs it
#   SCHEMATHESIS_MAX_EXAMPLES=200 scripts/schemathesis.sh --phases fuzzing   # more, or other options
#
# The session, the fault switchboard and the one check of our own are in
# scripts/schemathesis/hooks.py; its settings in scripts/schemathesis/schemathesis.toml.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

st_version=4.32.5
seed=${SCHEMATHESIS_SEED:-20261130}
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-100}
venv=target/schemathesis-venv

# A venv of our own under target/ (ignored by git), made again only when the version is not
# the pinned one; everything schemathesis pulls in is pinned too.
if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $st_version" ]; then
  say "pip install schemathesis==$st_version into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/schemathesis/requirements.txt
fi

say "cargo build -p refserver (debug)"
cargo build -p refserver --locked --quiet

work=$(mktemp -d)
server_pid=
stop() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

# Port 0: the server takes a free port and prints it. Today is the day of the contract's examples,
# and the portal is said to be at their address (as behind a proxy), so the examples (a booking of
# 2026-12-01, a payment returning to http://127.0.0.1:8080/) are requests the server can take.
public_origin=http://127.0.0.1:8080
RUST_LOG=refserver=warn "${CARGO_TARGET_DIR:-target}/debug/refserver" --addr 127.0.0.1:0 --db "$work/utility.sqlite3" \
  --dist "$work/no-portal" --demo --today 2026-11-30 --public-origin "$public_origin" \
  >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
origin=
for _ in $(seq 1 100); do
  origin=$(sed -n 's/^refserver listening on \(http:[^ ]*\)$/\1/p' "$work/server.out")
  [ -n "$origin" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$origin" ] || { echo "the reference server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
api="$origin/api/v1"

# Signing in as the portal does, with the simulated SMS inbox (demo mode). 张伟明 signs in
# from a WeChat visit, which links that WeChat user to him: the hooks make every further
# token of his from it. 王建国's session (no WeChat link) is for unlinking WeChat and unbinding.
json() { python3 -c 'import json,sys; v=json.load(sys.stdin)
for k in sys.argv[1].split("."): v=v[k]
print(v)' "$1"; }
call() { # method path [json-body] [extra curl options...]
  local method=$1 path=$2 body=${3:-}
  shift $(($# < 3 ? $# : 3))
  local send=()
  [ -n "$body" ] && send=(-H 'content-type: application/json' -d "$body")
  curl -sS --fail-with-body -X "$method" "$api$path" "${send[@]}" "$@"
}
sms_sign_in() { # account phone [wechat_ticket] → token
  local ticket=${3:+,\"wechat_ticket\":\"$3\"}
  call POST /auth/sms-code "{\"account_no\":\"$1\",\"phone\":\"$2\"}" >/dev/null
  local code
  code=$(call GET "/demo/sms?phone=$2" | json code)
  call POST /auth/session "{\"account_no\":\"$1\",\"phone\":\"$2\",\"code\":\"$code\"$ticket}" | json token
}
say "signing in (demo SMS and WeChat) at $api"
authorize="/demo/wechat/authorize?appid=wx-demo-appid&response_type=code&scope=snsapi_base&state=gate"
redirect=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$public_origin/")
call GET "$authorize&redirect_uri=$redirect" "" -D "$work/authorize.headers" -o /dev/null
cookie=$(sed -n 's/^set-cookie: \(sim_wechat_openid=[^;]*\);.*/\1/Ip' "$work/authorize.headers" | tr -d '\r')
wechat_code=$(sed -n 's/^location: .*[?&]code=\([0-9a-f]*\).*/\1/Ip' "$work/authorize.headers" | tr -d '\r')
ticket=$(call POST /auth/wechat "{\"code\":\"$wechat_code\"}" | json ticket)
sms_sign_in 3210000001 13800000001 "$ticket" >/dev/null
other_token=$(sms_sign_in 3210000004 13800000003)

st() { # schema [options...]: schemathesis as the gate runs it
  local schema=$1
  shift
  CONTRACT_GATE_URL="$api" CONTRACT_GATE_PORTAL="$public_origin/" CONTRACT_GATE_WECHAT_COOKIE="$cookie" \
    CONTRACT_GATE_OTHER_TOKEN="$other_token" \
    "$venv/bin/st" --config-file scripts/schemathesis/schemathesis.toml run "$schema" \
    --url "$api" --checks all --seed "$seed" --workers 1 --generation-database none --no-color "$@"
}

# Negative controls: the gate must fail when the contract and the server disagree, in either
# direction. Each copies the contract with one rule changed and runs one operation against it.
control() { # what, python statement changing `doc`, operation id, text the failure shows
  "$venv/bin/python" - api/openapi.yaml "$work/control.yaml" "$2" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[3])
yaml.safe_dump(doc, open(sys.argv[2], "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
PY
  if st "$work/control.yaml" --include-operation-id "$3" --max-examples 20 >"$work/control.out" 2>&1; then
    echo "negative control failed: with $1, schemathesis still passed $3" >&2
    exit 1
  fi
  grep -q "$4" "$work/control.out" || {
    cat "$work/control.out" >&2
    echo "negative control: with $1, $3 did not fail with \"$4\"" >&2
    exit 1
  }
  say "negative control: with $1, $3 fails ($4)"
}
control "an operator's reply allowed any 1-1000 characters, control characters and blanks included" \
  'doc["components"]["schemas"]["OperatorReply"]["properties"]["text"] = {"type": "string", "minLength": 1, "maxLength": 1000}' \
  operatorReply "refused for its shape"
control "a property required that the server does without" \
  's = doc["components"]["schemas"]["DeliveryControl"]; s["required"].append("note"); s["properties"]["note"] = {"type": "string"}' \
  controlSimulatedNotifications "Invalid data should have been rejected"

say "schemathesis $st_version: all checks, seed $seed, at most $max_examples cases an operation"
started=$(date +%s)
status=0
st api/openapi.yaml --max-examples "$max_examples" "$@" || status=$?
say "schemathesis took $(($(date +%s) - started)) s"
if [ "$status" -ne 0 ]; then
  echo "--- the reference server's log (errors and warnings) ---" >&2
  tail -n 50 "$work/server.log" >&2
fi
exit "$status"
