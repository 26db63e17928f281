-- wrk's summary of one run as a JSON line, read by tests/bench/load_test.py.
-- Latencies are in microseconds; status_errors counts answers with a status of 400 or more.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "LOAD_TEST_JSON {\"requests\": %d, \"duration_us\": %d, \"status_errors\": %d, \"connect_errors\": %d, " ..
    "\"read_errors\": %d, \"write_errors\": %d, \"timeouts\": %d, \"p50_us\": %d, \"p95_us\": %d, " ..
    "\"p99_us\": %d, \"max_us\": %d}\n",
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
