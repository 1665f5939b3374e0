-- POST a loan request: a random borrower and lender among LOAD_MEMBERS (comma-separated ids), a request id never used before.
local members = {}
for id in string.gmatch(os.getenv("LOAD_MEMBERS") or "", "[^,]+") do members[#members + 1] = id end
local counter = 0
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("tid", threads .. "-" .. os.time())
end

function init(args)
    math.randomseed(os.time() + #tid * 7919 + string.byte(tid, 1))
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
    counter = counter + 1
    local b = math.random(1, #members)
    local l = b
    while l == b do l = math.random(1, #members) end
    local body = string.format('{"borrowerId":"%s","lenderId":"%s","serviceType":"loan","serviceLevel":"normal","requestId":"load-%s-%d"}',
        members[b], members[l], tid, counter)
    return wrk.format(nil, nil, nil, body)
end
