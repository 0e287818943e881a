-- wrk script for bin/bench: webhook deliveries with unique provider ids over many contacts.
-- wrk -s bench/wrk-webhook.lua http://host:port -- RUN CONTACTS
-- Ends with a line "BENCH ok=... errors=... non2xx=... seconds=... p50=..." (latencies in ms):
-- ok and errors as wrk counts them (its status errors are answers of 400 and over), non2xx the
-- answers outside 200-299 as each thread counted them, plus the requests that got no answer.
local counter = 0
local run = "bench"
local contacts = 10000
-- A global, not a local: done() reads each thread's with thread:get.
non2xx = 0

-- Each wrk thread has a Lua state of its own, seeded alike: the thread number keeps the threads'
-- provider ids apart (else they would send each other's messages, which are retries).
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

function init(args)
  run = (args[1] or run) .. "-" .. thread_no
  contacts = tonumber(args[2] or contacts)
  math.randomseed(os.time() * 100 + thread_no)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"company_id": 1, "channel_id": 1, "from": "+1777%07d", "text": "Benchmark message %d", "channel_message_id": "%s-%d"}',
    math.random(0, contacts - 1), counter, run, counter)
  return wrk.format("POST", "/webhooks/inbound", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local answered_not_2xx = 0
  for _, thread in ipairs(threads) do
    answered_not_2xx = answered_not_2xx + (thread:get("non2xx") or 0)
  end
  local unanswered = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("BENCH ok=%d errors=%d non2xx=%d seconds=%.3f p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    summary.requests - summary.errors.status - unanswered,
    summary.errors.status + unanswered,
    answered_not_2xx + unanswered,
    summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
