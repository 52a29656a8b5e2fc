-- wrk script of scripts/server-bench.sh. Every run prints one line for the shell to read:
--   BENCH <requests> <req/s> <p50 ms> <p99 ms> <answers 4xx/5xx> <socket errors>
-- With BENCH_MODE=writes it sends a mix of changes instead of the command line's GET:
-- bookings and payment orders of the accounts in BENCH_ACCOUNTS, each cancelled again by a
-- later request, each POST with an Idempotency-Key of its own, and it prints what they got:
--   WRITES <booked> <orders> <cancelled> <409s> <other 4xx> <5xx>
--
-- BENCH_ACCOUNTS: "token account phone amount;…" (amount in fen; 0: the account pays nothing)
-- BENCH_SLOTS: "starts_at starts_at …" of BENCH_HALL for BENCH_SERVICE

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

local function split(text, separator)
  local parts = {}
  for part in string.gmatch(text or "", "[^" .. separator .. "]+") do
    table.insert(parts, part)
  end
  return parts
end

if os.getenv("BENCH_MODE") == "writes" then
  local accounts, payers, slots = {}, {}, {}
  local hall, service = os.getenv("BENCH_HALL"), os.getenv("BENCH_SERVICE")
  local sent, turn = 0, 0
  -- Changes that answered with something to cancel: {path, token}.
  local to_cancel = {}
  -- How the answers went (globals: done() reads them from each thread).
  booked, orders, cancelled, conflicts, refused, failed = 0, 0, 0, 0, 0, 0

  function init(args)
    for _, entry in ipairs(split(os.getenv("BENCH_ACCOUNTS"), ";")) do
      local f = split(entry, " ")
      local account = { token = f[1], account = f[2], phone = f[3], amount = tonumber(f[4]) }
      table.insert(accounts, account)
      if account.amount > 0 then
        table.insert(payers, account)
      end
    end
    slots = split(os.getenv("BENCH_SLOTS"), " ")
  end

  local function post(path, token, body)
    sent = sent + 1
    local headers = {
      ["Authorization"] = "Bearer " .. token,
      ["Idempotency-Key"] = string.format("bench-%d-%d", id, sent),
    }
    if body then
      headers["Content-Type"] = "application/json"
    end
    return wrk.format("POST", path, headers, body)
  end

  function request()
    local cancel = table.remove(to_cancel, 1)
    if cancel then
      return post(cancel.path, cancel.token, nil)
    end
    turn = turn + 1
    if turn % 2 == 0 and #payers > 0 then
      local payer = payers[(turn / 2) % #payers + 1]
      return post("/api/v1/payments/orders", payer.token, string.format(
        '{"account_no":"%s","amount":%d,"channel":"wechat_native"}', payer.account, payer.amount))
    end
    local who = accounts[turn % #accounts + 1]
    local starts_at = slots[turn % #slots + 1]
    return post("/api/v1/appointments", who.token, string.format(
      '{"account_no":"%s","hall_id":%s,"service":"%s","starts_at":"%s","contact_name":"张伟明","contact_phone":"%s"}',
      who.account, hall, service, starts_at, who.phone))
  end

  -- The token of an answer's account, found from the account number it names.
  local function token_of(body)
    local account = string.match(body, '"account_no":"(%d+)"')
    for _, a in ipairs(accounts) do
      if a.account == account then
        return a.token
      end
    end
  end

  function response(status, headers, body)
    if status == 201 then
      local order_no = string.match(body, '"order_no":"([%w]+)"')
      local appointment = string.match(body, '^{"id":(%d+)')
      local token = token_of(body)
      if order_no and token then
        orders = orders + 1
        table.insert(to_cancel, { path = "/api/v1/payments/orders/" .. order_no .. "/cancel", token = token })
      elseif appointment and token then
        booked = booked + 1
        table.insert(to_cancel, { path = "/api/v1/appointments/" .. appointment .. "/cancel", token = token })
      end
    elseif status == 200 then
      cancelled = cancelled + 1
    elseif status == 409 then
      conflicts = conflicts + 1
    elseif status >= 500 then
      failed = failed + 1
    else
      refused = refused + 1
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  print(string.format("BENCH %d %.1f %.3f %.3f %d %d", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
  if os.getenv("BENCH_MODE") == "writes" then
    local sum = { booked = 0, orders = 0, cancelled = 0, conflicts = 0, refused = 0, failed = 0 }
    for _, thread in ipairs(threads) do
      for name in pairs(sum) do
        sum[name] = sum[name] + (thread:get(name) or 0)
      end
    end
    print(string.format("WRITES %d %d %d %d %d %d", sum.booked, sum.orders, sum.cancelled, sum.conflicts,
      sum.refused, sum.failed))
  end
end
