-- POST /auth/token grant_type=password, cycling through the bench users.
--   BENCH_BASIC     "Basic ..." of the client
--   BENCH_USERS     number of users bench-user-1..N
--   BENCH_PASSWORD  their password
--   BENCH_HARVEST   optional file: the access tokens issued are appended to it (for the close scenario)
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
-- BENCH_TOKEN_PATH (default /auth/token) and BENCH_EXTRA (more form fields, "&a=b") let
-- bench/versus.sh send the same requests to Keycloak.
local token_path = common.env("BENCH_TOKEN_PATH", "/auth/token")
local extra = os.getenv("BENCH_EXTRA") or ""

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_index", counter)
  threads[#threads + 1] = thread
end

local users, password, basic, harvest_on
local n = 0
harvest = {}

function init(args)
  users = tonumber(common.env("BENCH_USERS"))
  password = common.env("BENCH_PASSWORD")
  basic = common.env("BENCH_BASIC")
  harvest_on = os.getenv("BENCH_HARVEST") ~= nil and os.getenv("BENCH_HARVEST") ~= ""
  n = (thread_index or 1) * 7919
end

function request()
  n = n + 1
  local body = "grant_type=password&username=bench-user-" .. ((n % users) + 1) .. "&password=" .. password .. extra
  return wrk.format("POST", token_path, {
    ["Authorization"] = basic,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  }, body)
end

if os.getenv("BENCH_HARVEST") ~= nil and os.getenv("BENCH_HARVEST") ~= "" then
  function response(status, headers, body)
    if status == 200 then
      local token = string.match(body, '"access_token"%s*:%s*"([^"]+)"')
      if token then harvest[#harvest + 1] = token end
    end
  end
end

function done(summary, latency, requests)
  local path = os.getenv("BENCH_HARVEST")
  if path ~= nil and path ~= "" then
    local total = 0
    for _, thread in ipairs(threads) do
      local tokens = thread:get("harvest")
      common.write_lines(path, tokens, "a")
      total = total + #tokens
    end
    common.report(summary, latency, { note = "harvested=" .. total })
  else
    common.report(summary, latency)
  end
end
