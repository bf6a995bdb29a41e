-- Shared by the Gatehouse bench scripts (loaded with dofile in every Lua state wrk makes).
-- Prints one machine-readable RESULT line that bench/run.sh parses.
local common = {}

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } gh_timeval;
  int gettimeofday(gh_timeval *tv, void *tz);
]]

-- Wall clock in microseconds.
function common.now_us()
  local tv = ffi.new("gh_timeval")
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000000 + tonumber(tv.tv_usec)
end

function common.env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    if default == nil then error("environment variable " .. name .. " is not set") end
    return default
  end
  return v
end

-- Reads a file of one value per line.
function common.read_lines(path)
  local lines = {}
  local f = io.open(path, "r")
  if f == nil then return lines end
  for line in f:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end

-- Deals the lines of a file out to wrk's threads, round robin, as each thread's "pool":
-- call the function it returns from setup(thread). BENCH_THREADS is wrk's -t.
function common.dealer(path)
  local all = common.read_lines(path)
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  local dealt = 0
  return function(thread)
    dealt = dealt + 1
    local mine = {}
    for i = dealt, #all, nthreads do mine[#mine + 1] = all[i] end
    thread:set("pool", mine)
  end
end

function common.write_lines(path, lines, mode)
  local f = assert(io.open(path, mode or "w"))
  for _, line in ipairs(lines) do f:write(line, "\n") end
  f:close()
end

-- duration_us: wrk's own duration unless the script measured a shorter one.
function common.report(summary, latency, extra)
  extra = extra or {}
  local e = summary.errors
  local requests = summary.requests
  local duration = extra.duration_us or summary.duration
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d status_errors=%d connect=%d read=%d write=%d timeout=%d extra=%s\n",
    requests, duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout, extra.note or "-"))
end

return common
