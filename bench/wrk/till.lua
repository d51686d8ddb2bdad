-- wrk script for Till (used by bench/ratios.sh).
--
-- The requests come from the file named by TILL_REQUESTS, one per line: the method and path, and
-- for a POST a tab and the JSON body on the same line. Each connection sends the lines in turn
-- (a file of one line sends the same request again and again). TILL_TOKEN, when set, is sent in
-- the header TILL_TOKEN_HEADER (default X-Shopify-Access-Token).
--
-- A response is bad unless its status is 200 and its body has neither "errors" nor a non-empty
-- "userErrors". At the end one JSON line goes to stdout: requests, bad responses (with a sample),
-- socket errors, and latency (mean and percentiles) in microseconds.
--
--   TILL_REQUESTS=read.req TILL_TOKEN=shpat_... wrk -t2 -c50 -d10s -s bench/wrk/till.lua http://127.0.0.1:5080

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("first", #threads)
end

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  local token = os.getenv("TILL_TOKEN")
  if token and token ~= "" then
    headers[os.getenv("TILL_TOKEN_HEADER") or "X-Shopify-Access-Token"] = token
  end

  local file = os.getenv("TILL_REQUESTS")
  if not file then
    error("TILL_REQUESTS must name a file of requests")
  end

  prepared = {}
  for line in io.lines(file) do
    if line ~= "" then
      local head, body = line:match("^([^\t]*)\t?(.*)$")
      local method, path = head:match("^(%S+)%s+(%S+)$")
      if body == "" then
        body = nil
      end
      table.insert(prepared, wrk.format(method, path, headers, body))
    end
  end
  if #prepared == 0 then
    error("no requests in " .. file)
  end

  -- Threads start at different lines so a rotation mixes from the first request on.
  index = (first or 1) - 1
  bad = 0
  sample = ""
end

function request()
  index = index % #prepared + 1
  return prepared[index]
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) or body:find('"userErrors":[{', 1, true) then
    bad = bad + 1
    if sample == "" then
      sample = status .. " " .. body:sub(1, 300)
    end
  end
end

function done(summary, latency, requests)
  local total_bad, first_sample = 0, ""
  for _, thread in ipairs(threads) do
    total_bad = total_bad + thread:get("bad")
    local s = thread:get("sample")
    if first_sample == "" and s then
      first_sample = s
    end
  end
  -- Keep the sample safe inside a JSON string.
  first_sample = first_sample:gsub('[%c"\\]', " ")
  local e = summary.errors
  io.write(string.format(
    '{"wrk":1,"requests":%d,"durationUs":%d,"bytes":%d,"bad":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,' ..
    '"latencyUs":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d},"badSample":"%s"}\n',
    summary.requests, summary.duration, summary.bytes, total_bad, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, first_sample))
end
