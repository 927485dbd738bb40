-- wrk script of the session-read bench: each request carries the next Cookie header from
-- $BENCH_COOKIES_FILE (one header a line; one line = one user), none when the variable is empty.
-- Prints one JSON line (prefix "JSON ") with the run's figures.
local cookies = {}
local path = os.getenv("BENCH_COOKIES_FILE")
if path and #path > 0 then
  for line in io.lines(path) do if #line > 0 then cookies[#cookies + 1] = line end end
end
local i = 0
request = function()
  if #cookies == 0 then return wrk.format(nil, nil) end
  i = i % #cookies + 1
  return wrk.format(nil, nil, { ["Cookie"] = cookies[i] })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests":%d,"duration_us":%d,"rps":%.2f,"p50_us":%d,"p99_us":%d,"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
