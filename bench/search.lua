-- wrk: searches as readers make them, in turn: a rare word (an invented place name, in about a hundred of
-- the generated headlines) and common words (in tens of thousands of generated bodies).
local queries = {
  "Kolmarven", "ships", "Dristalbar", "city+council", "Vikpetkol", "water", "Orngarmar", "energy",
}
local sent = 0

function request()
  sent = sent + 1
  return wrk.format("GET", "/search/?q=" .. queries[sent % #queries + 1])
end
