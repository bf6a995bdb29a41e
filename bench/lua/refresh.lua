-- POST /auth/token grant_type=refresh_token with rotation. Every refresh token
-- in BENCH_TOKENS starts a chain; each chain is in flight on at most one
-- connection at a time and continues with the refresh_token of its last
-- response, so no token is ever presented twice (which would close the Session).
-- The chains are dealt out to wrk's threads in setup(); a thread keeps a FIFO
-- of the chain heads it holds. When wrk stops, the heads left are written back
-- to BENCH_TOKENS so a later run (the measured one after the warm-up) continues them.
--   BENCH_BASIC   "Basic ..." of the client
--   BENCH_TOKENS  file with one refresh token per line
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
-- BENCH_TOKEN_PATH (default /auth/token) and BENCH_EXTRA (more form fields, "&a=b") let
-- bench/versus.sh send the same requests to Keycloak.
local token_path = common.env("BENCH_TOKEN_PATH", "/auth/token")
local extra = os.getenv("BENCH_EXTRA") or ""

local threads = {}
local deal = common.dealer(common.env("BENCH_TOKENS"))

function setup(thread)
  threads[#threads + 1] = thread
  deal(thread)
end

local basic
head, tail = 1, 0 -- globals, so that done() can read them with thread:get
starved = 0

function init(args)
  basic = common.env("BENCH_BASIC")
  tail = #pool
end

function request()
  local token
  if head <= tail then
    token = pool[head]
    pool[head] = nil
    head = head + 1
  else
    starved = starved + 1
    token = "no-chain-left" -- every chain broke: shows up as non-2xx
  end
  return wrk.format("POST", token_path, {
    ["Authorization"] = basic,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  }, "grant_type=refresh_token&refresh_token=" .. token .. extra)
end

function response(status, headers, body)
  if status == 200 then
    local token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
    if token then
      tail = tail + 1
      pool[tail] = token
    end
  end
end

function done(summary, latency, requests)
  local left = {}
  local starved_total = 0
  for _, thread in ipairs(threads) do
    local pool, first, last = thread:get("pool"), thread:get("head"), thread:get("tail")
    for i = first, last do
      if pool[i] then left[#left + 1] = pool[i] end
    end
    starved_total = starved_total + (thread:get("starved") or 0)
  end
  common.write_lines(common.env("BENCH_TOKENS"), left, "w")
  common.report(summary, latency, { note = "chains_left=" .. #left .. ",starved=" .. starved_total })
end
