-- wrk script for bench/http.sh: cycles through the queries of a file (one per line), each sent
-- URL-encoded as GET /api/search?q=...&facets=0 (the search search_bench times in-process: first
-- page of 10 with snippets, no facets). Each wrk thread starts at a different offset.
-- Usage: wrk ... -s bench/http.lua http://127.0.0.1:PORT -- QUERIES.txt

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 97)
  table.insert(threads, thread)
end

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    if line:match("%S") then
      table.insert(paths, "/api/search?q=" .. encode(line) .. "&facets=0")
    end
  end
  next_index = (offset or 0) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

-- One machine-readable line for bench/http.sh.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "requests %d seconds %.3f rps %.1f p50_ms %.3f p99_ms %.3f non2xx %d socket_errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
