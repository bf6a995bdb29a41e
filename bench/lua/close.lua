-- DELETE /Session, each request with its own access token (one Session closed per
-- request). The tokens (BENCH_TOKENS, one per line, issued beforehand) are dealt
-- out to the threads; a thread that runs out stops, so the run measures a fixed
-- number of closes, and its duration is measured here, not taken from -d.
--   BENCH_TOKENS  file with one access token per line
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local threads = {}
local deal = common.dealer(common.env("BENCH_TOKENS"))

function setup(thread)
  threads[#threads + 1] = thread
  deal(thread)
end

next_index = 1
started_us = 0
stopped_us = 0
fillers = 0

function init(args)
  started_us = common.now_us()
end

function request()
  local token = pool[next_index]
  if token then
    pool[next_index] = nil
    next_index = next_index + 1
  else
    -- Out of tokens: stop this thread. A request must still be returned; it
    -- carries no token and is normally never answered before the loop stops.
    if stopped_us == 0 then
      stopped_us = common.now_us()
      wrk.thread:stop()
    end
    fillers = fillers + 1
    token = "exhausted"
  end
  return wrk.format("DELETE", "/Session", {
    ["Authorization"] = "Bearer " .. token,
    ["Accept"] = "application/json",
  })
end

function done(summary, latency, requests)
  local first, last, filler_total, unused = nil, 0, 0, 0
  for _, thread in ipairs(threads) do
    local s, e = thread:get("started_us"), thread:get("stopped_us")
    if first == nil or s < first then first = s end
    if e == 0 then e = s + summary.duration end -- ran the full -d
    if e > last then last = e end
    filler_total = filler_total + (thread:get("fillers") or 0)
    local pool = thread:get("pool")
    for _, _ in pairs(pool) do unused = unused + 1 end
  end
  local duration = summary.duration
  if last - first < duration then duration = last - first end
  common.report(summary, latency, { duration_us = duration, note = "fillers=" .. filler_total .. ",unused_tokens=" .. unused })
end
