-- wrk script for bin/bench: webhook deliveries with unique provider ids over many contacts.
-- wrk -s bench/wrk-webhook.lua http://host:port -- RUN CONTACTS
local counter = 0
local run = "bench"
local contacts = 10000

-- Each wrk thread has a Lua state of its own, seeded alike: the thread number keeps the threads'
-- provider ids apart (else they would send each other's messages, which are retries).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
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

function done(summary, latency, requests)
  io.write(string.format("BENCH ok=%d errors=%d seconds=%.3f p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    summary.requests - summary.errors.status - summary.errors.connect - summary.errors.read
      - summary.errors.write - summary.errors.timeout,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
