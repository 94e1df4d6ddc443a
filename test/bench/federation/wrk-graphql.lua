-- wrk script of the federation benchmark: POSTs one GraphQL body, optionally with a unique authorization header per
-- request (defeats any deduplication of identical in-flight requests), counts bad responses (status not 200 or a body
-- with "errors") and prints one JSON line of results from done().
-- Environment: BENCH_BODY_FILE (the JSON request body), BENCH_UNIQUE_AUTH=1 for the unique header.
local body_file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
local body = body_file:read("*a")
body_file:close()
local unique_auth = os.getenv("BENCH_UNIQUE_AUTH") == "1"

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

local threads = {}
local counter = 0
local bad = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = "Bearer t" .. tostring(thread_id or 0) .. "-"
end

function request()
  if not unique_auth then return wrk.format() end
  counter = counter + 1
  return wrk.format(nil, nil, {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Authorization"] = prefix .. counter,
  }, nil)
end

function response(status, headers, response_body)
  if status ~= 200 or string.find(response_body, '"errors"', 1, true) then bad = bad + 1 end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do bad_total = bad_total + (thread:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p95Us":%d,"p99Us":%d,"maxUs":%d,' ..
    '"badResponses":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    bad_total, e.connect, e.read, e.write, e.status, e.timeout))
end
