-- wrk: searches as readers make them, in turn: BENCH_SEARCHES (bench/pages.py's SEARCHES, each quoted for a
-- query string, separated by spaces).
local queries = {}
for query in string.gmatch(os.getenv("BENCH_SEARCHES"), "%S+") do
  queries[#queries + 1] = query
end
local sent = 0

function request()
  sent = sent + 1
  return wrk.format("GET", "/search/?q=" .. queries[sent % #queries + 1])
end
