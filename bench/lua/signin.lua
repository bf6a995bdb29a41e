-- The sign-in of a browser that is already signed in (OpenID Connect authorization code
-- flow with PKCE): GET the authorization endpoint with the browser's session cookies, which
-- answers with a redirect carrying a code, then exchange the code at the token endpoint for
-- tokens with an ID token. One flow = those two requests. A thread's connections share a
-- queue of codes: a connection sends a token request when a code is waiting, an
-- authorization request otherwise, so a run is half of each.
--   BENCH_AUTHORIZE_PATH  path and query of the authorization request (client_id, redirect_uri,
--                         scope, state, nonce, the fixed S256 code_challenge)
--   BENCH_SSO_COOKIE      the Cookie header of the signed-in browser
--   BENCH_TOKEN_PATH      the token endpoint's path
--   BENCH_SIGNIN_BASIC    "Basic ..." of the client
--   BENCH_REDIRECT_URI    the redirect_uri, form-urlencoded
--   BENCH_VERIFIER        the PKCE code_verifier of that challenge
-- Reports flows (token responses with an ID token) and bad (any other outcome: an
-- authorization answered without a code, e.g. the login page; a refused token request).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

local authorize, token_path, token_headers, token_tail
codes, head, tail = {}, 1, 0 -- globals: done() reads the counters with thread:get
flows, bad, authorized = 0, 0, 0

function init(args)
  authorize = wrk.format("GET", common.env("BENCH_AUTHORIZE_PATH"), {
    ["Cookie"] = common.env("BENCH_SSO_COOKIE"),
    ["Accept"] = "text/html",
  })
  token_path = common.env("BENCH_TOKEN_PATH")
  token_headers = {
    ["Authorization"] = common.env("BENCH_SIGNIN_BASIC"),
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  }
  token_tail = "&redirect_uri=" .. common.env("BENCH_REDIRECT_URI") .. "&code_verifier=" .. common.env("BENCH_VERIFIER")
end

function request()
  if head <= tail then
    local code = codes[head]
    codes[head] = nil
    head = head + 1
    return wrk.format("POST", token_path, token_headers, "grant_type=authorization_code&code=" .. code .. token_tail)
  end
  return authorize
end

local function location(headers)
  for name, value in pairs(headers) do
    if string.lower(name) == "location" then return value end
  end
  return nil
end

function response(status, headers, body)
  local where = location(headers)
  if where then
    local code = string.match(where, "[?&]code=([^&#]+)")
    if status >= 300 and status < 400 and code then
      authorized = authorized + 1
      tail = tail + 1
      codes[tail] = code
    else
      bad = bad + 1
    end
  elseif status == 200 and string.find(body, '"id_token"', 1, true) then
    flows = flows + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local f, b, a = 0, 0, 0
  for _, thread in ipairs(threads) do
    f = f + (thread:get("flows") or 0)
    b = b + (thread:get("bad") or 0)
    a = a + (thread:get("authorized") or 0)
  end
  common.report(summary, latency, { note = "flows=" .. f .. ",codes=" .. a .. ",bad=" .. b })
end
