-- wrk: POST one ~1.5 KB track event per request, each with a unique messageId.
-- Environment: SP_KEY (write key), SP_PATH (/v1/track), SP_BATCH (events per request, 1 = single event),
-- SP_RUN (a name in every messageId, so each run's events are counted apart and never dedupe against another run's).
local key = os.getenv("SP_KEY") or ""
local path = os.getenv("SP_PATH") or "/v1/track"
local batch = tonumber(os.getenv("SP_BATCH") or "1")
local run = os.getenv("SP_RUN") or "run"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
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

local template = [[{"type":"track","messageId":"%s","userId":"user-%d","event":"Order Completed","timestamp":"2026-11-26T10:00:00.000Z","sentAt":"2026-11-26T10:00:00.100Z","context":{"ip":"203.0.113.9","library":{"name":"analytics.js","version":"2.11.1"},"page":{"path":"/checkout/confirm","referrer":"https://www.example.com/cart","search":"?utm_source=newsletter","title":"Order confirmed","url":"https://www.example.com/checkout/confirm"},"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","locale":"en-US","campaign":{"name":"Autumn sale","source":"newsletter","medium":"email","term":"shoes","content":"hero-banner"},"device":{"id":"B5372DB0-C21E-11E4-8DFC-AA07A5B093DB","manufacturer":"Apple","model":"iPhone7,2","type":"ios"},"os":{"name":"iPhone OS","version":"8.1.3"},"timezone":"Europe/Brussels","traits":{"email":"grace.hopper@example.com","name":"Grace Hopper","plan":"premium"},"app":{"name":"Shop","version":"4.2.1","build":"1042","namespace":"com.example.shop"}},"properties":{"order_id":"50314b8e9bcf000000000000","plan_name":"premium","acct_type":"business","total":27.5,"revenue":25.0,"shipping":3,"tax":2,"discount":2.5,"coupon":"hasbros","currency":"USD","products":[{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,"quantity":1,"category":"Games"},{"product_id":"505bd76785ebb509fc183733","sku":"46493-32","name":"Uno Card Game","price":3,"quantity":2,"category":"Games"}]}}]]

-- The template split around its two variable parts, so a request is one table.concat, not a
-- string.format per event: with 100-event bodies the generator would otherwise use more CPU than the
-- app it measures on a two-core machine. The request line and headers go into the same concat
-- (wrk.format would copy the ~150 KB body into a second string, and LuaJIT maps every string over
-- 128 KB afresh and page-faults it in).
local head, middle, tail, request_head

function init(args)
  local auth = "Basic " .. b64(key .. ":")
  local a = template:find("%s", 1, true)
  local b = template:find("%d", a, true)
  head, middle, tail = template:sub(1, a - 1), template:sub(a + 2, b - 1), template:sub(b + 2)
  -- Random before the run's name, as real messageIds are (UUIDs): each lands at a random place in the
  -- dedupe index, as on a real customer's grown database, not after the last one.
  math.randomseed(os.time() * 1000 + tid)
  prefix = string.format("-bench-%s-%d-", run, tid)
  request_head = "POST " .. path .. " HTTP/1.1\r\nHost: " .. wrk.headers["Host"] ..
    "\r\nContent-Type: application/json\r\nAuthorization: " .. auth .. "\r\nContent-Length: "
end

function request()
  counter = counter + 1
  local c = tostring(counter)
  local parts, n = { "" }, 1 -- parts[1]: the request line and headers, once the body's length is known
  if batch > 1 then n = n + 1; parts[n] = '{"batch":[' end
  for i = 1, batch do
    if i > 1 then n = n + 1; parts[n] = "," end
    parts[n + 1] = head; parts[n + 2] = tostring(math.random(1000000000, 1999999999)) .. prefix; parts[n + 3] = c; parts[n + 4] = "-"; parts[n + 5] = tostring(i)
    parts[n + 6] = middle; parts[n + 7] = tostring((counter * batch + i) % 5000); parts[n + 8] = tail
    n = n + 8
  end
  if batch > 1 then n = n + 1; parts[n] = "]}" end
  local length = 0
  for i = 2, n do length = length + #parts[i] end
  parts[1] = request_head .. length .. "\r\n\r\n"
  return table.concat(parts)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
