-- The attacker of bench/flood.sh: wrong credentials as fast as the connections allow,
-- alternating a wrong client secret and a wrong password (for other users) with the right
-- client secret. Counts the answers by status.
--   BENCH_LUA_DIR   this directory
--   FLOOD_CLIENT, FLOOD_SECRET   a real client and its secret
--   FLOOD_USERS     how many bench users there are (bench-user-1..N)
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local client = common.env("FLOOD_CLIENT")
local secret = common.env("FLOOD_SECRET")
local users = tonumber(common.env("FLOOD_USERS", "16"))
local counter = 0
statuses = {} -- global: done() reads it from each thread with thread:get
local threads = {}

local function basic(id, pw)
  -- base64 of id:pw, in Lua (wrk has no helper)
  local b = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  local s = id .. ":" .. pw
  return ((s:gsub('.', function(x)
    local r, byte = '', x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#s % 3 + 1])
end

function setup(thread)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local user = "bench-user-" .. (counter % users + 1)
  local auth, body
  if counter % 2 == 0 then
    auth = basic(client, secret .. "-wrong-" .. counter)
    body = "grant_type=password&username=" .. user .. "&password=x"
  else
    auth = basic(client, secret)
    body = "grant_type=password&username=" .. user .. "&password=wrong-" .. counter
  end
  return wrk.format("POST", "/auth/token", {
    ["Authorization"] = "Basic " .. auth,
    ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = status .. ":" .. n end
  table.sort(parts)
  common.report(summary, latency, { note = table.concat(parts, ",") })
end
