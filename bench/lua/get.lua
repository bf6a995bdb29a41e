-- A fixed request (method, path and headers come from the wrk command line / env):
-- bearer-jwt, bearer-opaque, root-basic, userinfo.
--   BENCH_LUA_DIR   this directory
--   BENCH_AUTH      the Authorization header value
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

wrk.method = "GET"
wrk.headers["Authorization"] = common.env("BENCH_AUTH")
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  common.report(summary, latency)
end
