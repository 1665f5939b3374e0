-- POST a loan step: ship each loan of LOAD_LOANS_FILE (under the path LOAD_LOANS_URL) (one loan id per line, all requested) once, as its lender's system would;
-- or, with LOAD_ACTION, take that step instead (`received`, on loans all shipped, as the borrower's system would).
-- Thread k of n takes every n-th id from the k-th, so no two threads ship the same loan; past the end it starts again (the
-- repeats are refused with 409 and counted as non-2xx).
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

function init(args)
    local n = tonumber(os.getenv("LOAD_THREADS") or "2")
    ids = {}
    local i = 0
    for line in io.lines(os.getenv("LOAD_LOANS_FILE")) do
        if i % n == tid - 1 then ids[#ids + 1] = line end
        i = i + 1
    end
    next_id = 0
end
action = os.getenv("LOAD_ACTION") or "shipped"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
    next_id = next_id % #ids + 1
    return wrk.format(nil, string.format("%s/%s/%s", os.getenv("LOAD_LOANS_URL"), ids[next_id], action), nil, "{}")
end
