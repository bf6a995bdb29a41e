-- The login page's POST: username and password with the hidden fields of one login form
-- (its authorization request and CSRF token) and that browser's binding cookie, cycling
-- through the bench users. Each success is a sign-in: one password hash, a new browser
-- session, a redirect with a code (never redeemed: it expires).
--   BENCH_LOGIN_PATH    the form's action (path)
--   BENCH_LOGIN_FORM    the form's other fields, form-urlencoded ("request=...&csrf=...")
--   BENCH_LOGIN_COOKIE  the Cookie header of the browser that opened the form
--   BENCH_USERS, BENCH_PASSWORD  the users bench-user-1..N and their password
-- Reports bad: answers other than a redirect carrying a code (e.g. the login page again).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_index", counter)
  threads[#threads + 1] = thread
end

local path, form, headers, users, password
local n = 0
signed_in, bad = 0, 0

function init(args)
  path = common.env("BENCH_LOGIN_PATH")
  form = common.env("BENCH_LOGIN_FORM")
  headers = {
    ["Cookie"] = common.env("BENCH_LOGIN_COOKIE"),
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "text/html",
  }
  users = tonumber(common.env("BENCH_USERS"))
  password = common.env("BENCH_PASSWORD")
  n = (thread_index or 1) * 7919
end

function request()
  n = n + 1
  return wrk.format("POST", path, headers,
    "username=bench-user-" .. ((n % users) + 1) .. "&password=" .. password .. "&" .. form)
end

function response(status, headers, body)
  local where
  for name, value in pairs(headers) do
    if string.lower(name) == "location" then where = value end
  end
  if status >= 300 and status < 400 and where and string.match(where, "[?&]code=") then
    signed_in = signed_in + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local s, b = 0, 0
  for _, thread in ipairs(threads) do
    s = s + (thread:get("signed_in") or 0)
    b = b + (thread:get("bad") or 0)
  end
  common.report(summary, latency, { note = "signed_in=" .. s .. ",bad=" .. b })
end
