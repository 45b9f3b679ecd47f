-- wrk: a real customer's traffic for the realistic configuration (configuration.json beside this):
-- 30% identify (upserts: users come back from a pool of SP_USERS, 20,000 unless set), 35% "Order Completed" (both
-- extensions take it), 35% "Product Viewed" (only EVENTS takes it); ~1.2-1.6 KB each, unique messageIds.
-- Environment as event.lua: SP_KEY, SP_PATH, SP_BATCH, SP_RUN. Single events (SP_BATCH=1) go to the
-- path of their type, /v1/identify or /v1/track, whatever SP_PATH says.
local key = os.getenv("SP_KEY") or ""
local path = os.getenv("SP_PATH") or "/v1/batch"
local batch = tonumber(os.getenv("SP_BATCH") or "1")
local run = os.getenv("SP_RUN") or "run"
local users = tonumber(os.getenv("SP_USERS") or "20000")
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

local function b64(data)
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((data:gsub(".", function(x)
    local r, b = "", x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if (#x < 6) then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return chars:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

-- Each template: %s the messageId, %d the user number.
local identify = [[{"type":"identify","messageId":"%s","userId":"user-%d","timestamp":"2026-11-26T10:00:00.000Z","sentAt":"2026-11-26T10:00:00.100Z","traits":{"email":" Grace.Hopper@Example.com ","firstName":"Grace","lastName":"Hopper","phone":"+32 (2) 555-01-23","birthday":"1906-12-09","gender":"F","address":{"street":"1 Navy Way","city":"Arlington","state":"VA","postalCode":"22201","country":"us"},"plan":"premium","company":{"name":"US Navy","employee_count":500000},"ltv":1234.56,"createdAt":"2024-05-31T08:00:00Z"},"context":{"ip":"203.0.113.9","locale":"en-US","library":{"name":"analytics.js","version":"2.11.1"},"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","page":{"path":"/account","title":"Account","url":"https://www.example.com/account"},"timezone":"Europe/Brussels"}}]]
local order = [[{"type":"track","messageId":"%s","userId":"user-%d","event":"Order Completed","timestamp":"2026-11-26T10:00:00.000Z","sentAt":"2026-11-26T10:00:00.100Z","context":{"ip":"203.0.113.9","library":{"name":"analytics.js","version":"2.11.1"},"page":{"path":"/checkout/confirm","referrer":"https://www.example.com/cart","title":"Order confirmed","url":"https://www.example.com/checkout/confirm"},"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","locale":"en-US","campaign":{"name":"Autumn Sale","source":"newsletter","medium":"email"},"device":{"type":"desktop"},"traits":{"email":"grace.hopper@example.com","plan":"premium"}},"properties":{"order_id":"50314b8e9bcf000000000000","total":27.5,"revenue":25.0,"shipping":3,"tax":2,"discount":2.5,"coupon":"hasbros","currency":"usd","products":[{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,"quantity":1,"category":"Games"},{"product_id":"505bd76785ebb509fc183733","sku":"46493-32","name":"Uno Card Game","price":3,"quantity":2,"category":"Games"}]}}]]
local viewed = [[{"type":"track","messageId":"%s","userId":"user-%d","event":"Product Viewed","timestamp":"2026-11-26T10:00:00.000Z","sentAt":"2026-11-26T10:00:00.100Z","context":{"ip":"203.0.113.9","library":{"name":"analytics.js","version":"2.11.1"},"page":{"path":"/products/monopoly","referrer":"https://www.example.com/search?q=games","title":"Monopoly: 3rd Edition","url":"https://www.example.com/products/monopoly"},"userAgent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1","locale":"en-US","campaign":{"name":"Autumn Sale","source":"newsletter","medium":"email"},"device":{"type":"mobile","manufacturer":"Apple","model":"iPhone15,2"}},"properties":{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","category":"Games","name":"Monopoly: 3rd Edition","brand":"Hasbro","variant":"200 pieces","price":18.99,"currency":"USD","position":3,"url":"https://www.example.com/products/monopoly","image_url":"https://www.example.com/products/monopoly.jpg"}}]]

-- Split around %s and %d once, so each request is one table.concat (see event.lua for why).
local function split(template)
  local a = template:find("%s", 1, true)
  local b = template:find("%d", a, true)
  return { template:sub(1, a - 1), template:sub(a + 2, b - 1), template:sub(b + 2) }
end

local kinds
local heads, prefix

function init(args)
  kinds = { split(identify), split(order), split(viewed) }
  -- Random before the run's name, as real messageIds are (UUIDs): each lands at a random place in the
  -- dedupe index, as on a real customer's grown database, not after the last one.
  math.randomseed(os.time() * 1000 + tid)
  prefix = string.format("-bench-%s-%d-", run, tid)
  local function head(p)
    return "POST " .. p .. " HTTP/1.1\r\nHost: " .. wrk.headers["Host"] ..
      "\r\nContent-Type: application/json\r\nAuthorization: Basic " .. b64(key .. ":") .. "\r\nContent-Length: "
  end
  heads = batch > 1 and { head(path), head(path), head(path) } or { head("/v1/identify"), head("/v1/track"), head("/v1/track") }
end

function request()
  local kind = 1
  counter = counter + 1
  local c = tostring(counter)
  local parts, n = { "" }, 1
  if batch > 1 then n = n + 1; parts[n] = '{"batch":[' end
  for i = 1, batch do
    if i > 1 then n = n + 1; parts[n] = "," end
    local serial = counter * batch + i
    local pick = serial % 20
    kind = pick < 6 and 1 or (pick < 13 and 2 or 3)
    local k = kinds[kind]
    parts[n + 1] = k[1]; parts[n + 2] = tostring(math.random(1000000000, 1999999999)) .. prefix; parts[n + 3] = c; parts[n + 4] = "-"; parts[n + 5] = tostring(i)
    parts[n + 6] = k[2]; parts[n + 7] = tostring((serial * 7919) % users); parts[n + 8] = k[3]
    n = n + 8
  end
  if batch > 1 then n = n + 1; parts[n] = "]}" end
  local length = 0
  for i = 2, n do length = length + #parts[i] end
  parts[1] = heads[kind] .. length .. "\r\n\r\n"
  return table.concat(parts)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
