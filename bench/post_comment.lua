-- wrk: comments posted to the long article as fast as the site takes them. Each request is a new comment
-- from a new reader address, sent through the trusted proxy (X-Forwarded-For), so neither the rate limit
-- nor the duplicate check refuses it. BENCH_FORM_TOKEN, BENCH_ORIGIN and BENCH_ROUND come from bench/pages.py.
local token = os.getenv("BENCH_FORM_TOKEN")
local origin = os.getenv("BENCH_ORIGIN")
local round = tonumber(os.getenv("BENCH_ROUND"))
local threads = 0
local sent = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", round * 8 + threads)
end

function request()
  sent = sent + 1
  local reader = number .. "-" .. sent
  local address = string.format("10.%d.%d.%d", number % 256, math.floor(sent / 256) % 256, sent % 256)
  local body = "name=Bench+reader+" .. reader
    .. "&email=reader-" .. reader .. "%40example.org"
    .. "&body=Comment+" .. reader .. "+sent+by+the+benchmark."
    .. "&token=" .. token
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
    ["X-Forwarded-For"] = address,
    ["User-Agent"] = "newsroom bench",
  }, body)
end
