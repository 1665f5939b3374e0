#!/usr/bin/env python3
"""The console's pages at the size of a national network, as a finance officer's, an auditor's and a member's browser ask for them.

    python3 benchmarks/load/pages.py PUBLISH_DIR [--members 2000] [--subscriptions 100] [--participants 2000] [--loans 4000]
                                     [--runs 5] [--language en-GB] [--doc docs/performance.md]

Starts a throwaway PostgreSQL cluster and the published service as load.py does, seeds one consortium through the API with
load.py's seed (MEMBERS members, SUBSCRIPTIONS invoiced subscriptions of PARTICIPANTS members each, member 0 in all of them), then
LOANS loan requests between random members (member 0 the borrower of every tenth), the first half of them shipped. Signs in
through the console's own form (an issued key each: finance, auditor, member 0's) and asks for every page it can read, one after
another: one answer to warm up, then RUNS, timed to the last byte. Prints, per page, the status, the HTML's size and the median and
slowest time; a page whose answer grows with the consortium shows here before a user finds it. Also times, with the finance key
and no console session, the API a finance script reads the subscriptions through (the list, one whole, one split's shares) and a
page of member 0's own subscriptions asked for by limit (worked out on every request, as the stored first page is after a change),
and its savings, and what the consortium owes each vendor (both worked out on every request); and, with the auditor's key, the
audit verification (the chain and every derived figure recomputed: the slowest answer at this size).
"""
import argparse, concurrent.futures, html, http.cookiejar, importlib.util, os, random, re, statistics, sys, time
import urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("load", os.path.join(HERE, "load.py"))
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)
cold = load.cold


class Browser:
    """A signed-in console session: its cookies, and the language a browser would send."""

    def __init__(self, base, key, language):
        self.base, self.headers = base, {"Accept-Language": language, "Accept": "text/html"}
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = self.get("/sign-in")[1].decode()
        token = re.search(r'name="__console" type="hidden" value="([^"]+)"', form).group(1)  # the console's antiforgery field
        body = urllib.parse.urlencode({"ApiKey": key, "ReturnUrl": "/", "__console": html.unescape(token)}).encode()
        status, page = self.call(urllib.request.Request(base + "/sign-in", data=body, method="POST"))
        if status != 200 or b"sign-out" not in page:
            raise RuntimeError(f"signing in answered {status}: {page[:500]!r}")

    def call(self, request):
        for name, value in self.headers.items():
            request.add_header(name, value)
        try:
            with self.opener.open(request, timeout=600) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def get(self, path):
        return self.call(urllib.request.Request(self.base + path))

    def time(self, path, runs):
        self.get(path)  # warm-up: the page's first compile, its queries' first plans
        times, status, size = [], 0, 0
        for _ in range(runs):
            started = time.perf_counter()
            status, page = self.get(path)
            times.append((time.perf_counter() - started) * 1000)
            size = len(page)
        return {"status": status, "bytes": size, "median": statistics.median(times), "max": max(times)}


class ApiClient(Browser):
    """A member system or a finance script: the issued key on each request, JSON asked for, no console session."""

    def __init__(self, base, key):
        self.base, self.headers = base, {"X-Api-Key": key, "Accept": "application/json"}
        self.opener = urllib.request.build_opener()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("publish_dir")
    p.add_argument("--members", type=int, default=2000)
    p.add_argument("--subscriptions", type=int, default=100)
    p.add_argument("--participants", type=int, default=2000)
    p.add_argument("--loans", type=int, default=4000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--language", default="en-GB")
    p.add_argument("--only", help="comma-separated page paths (as printed) to time, the others skipped")
    p.add_argument("--hold", type=int, default=0, help="keep the service up this many seconds after the pages (to look into one)")
    p.add_argument("--doc", help="also append the table, with a heading naming the time, the commit and the command, to this file")
    a = p.parse_args()
    publish = os.path.abspath(a.publish_dir)
    connection = os.environ.get("ConnectionStrings__Ledger")
    stop = service = None
    if not connection:
        connection, stop = cold.start_postgres()
    try:
        service, port = load.start_service(publish, connection)
        base = f"http://127.0.0.1:{port}"
        api = load.Api(base, cold.KEY)
        c, ids, finance, member = load.seed(api, a.members, a.subscriptions, a.participants)
        auditor = api.call("POST", f"/consortia/{c}/api-keys", {"label": "pages auditor", "roles": ["auditor"]})["key"]
        started = time.monotonic()
        rng = random.Random(14)

        def request(i):
            borrower = ids[0] if i % 10 == 0 else rng.choice(ids[1:])
            lender = rng.choice([m for m in (rng.choice(ids), rng.choice(ids)) if m != borrower] or [ids[1]])
            loan = api.call("POST", f"/consortia/{c}/loans", {"borrowerId": borrower, "lenderId": lender, "serviceType": "loan",
                                                             "serviceLevel": "normal", "requestId": f"pages-{i}"}, key=finance)["id"]
            if i < a.loans // 2:
                api.call("POST", f"/consortia/{c}/loans/{loan}/shipped", {}, key=finance)
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(request, range(a.loans)))
        print(f"seeded {a.loans} loans in {time.monotonic() - started:.0f} s", file=sys.stderr)

        m0 = ids[0]
        month = time.strftime("%Y-%m", time.gmtime())
        sub = api.call("GET", f"/consortia/{c}/subscriptions?limit=1", key=finance)
        first = (sub.get("items") or sub.get("subscriptions") or [{}])[0].get("id") if isinstance(sub, dict) else sub[0]["id"]
        vendor = urllib.parse.quote(api.call("GET", f"/consortia/{c}/vendor-payables", key=finance)["vendors"][0]["vendor"])
        pages = [("finance", p) for p in ["/", "/members", "/subscriptions", "/finance", "/balances", "/reconciliation", "/vendors",
                                          f"/vendors/transfer?vendor={vendor}", "/periods",
                                          f"/clearing/{month}", "/procurements", "/participants", "/invoices/new", "/payments/new",
                                          "/credit-notes/new", "/write-offs/new", f"/subscriptions/{first}/sushi",
                                          f"/members/{m0}/statement", f"/members/{m0}/obligations", f"/members/{m0}/loans",
                                          f"/members/{m0}/lending"]]
        pages += [("auditor", p) for p in ["/verification", "/restatement", f"/members/{m0}/history"]]
        pages += [("member", p) for p in ["/", f"/members/{m0}/statement", f"/members/{m0}/obligations", f"/members/{m0}/loans",
                                         f"/members/{m0}/lending"]]
        # The API a finance script reads the subscriptions through (JSON, not pages): the list, one whole, one split's shares.
        # And a member's own subscriptions as its system reads a page it asks for (worked out each time; the first page is stored).
        pages += [("finance API", p) for p in [f"/consortia/{c}/subscriptions", f"/consortia/{c}/subscriptions/{first}",
                                              f"/consortia/{c}/subscriptions/{first}/terms/1/shares",
                                              f"/consortia/{c}/members/{m0}/subscriptions?limit=100",
                                              f"/consortia/{c}/members/{m0}/savings", f"/consortia/{c}/vendor-payables"]]
        # The auditor's verification as a script asks for it (the console's button runs the same): the chain, and every derived
        # figure recomputed and compared; the slowest answer a consortium of this size gives.
        pages += [("auditor API", f"/consortia/{c}/audit/verification")]
        if a.only:
            wanted = set(a.only.split(","))
            pages = [(r, p) for r, p in pages if p.replace(c, "{c}").replace(m0, "{member}").replace(str(first), "{subscription}")
                     .replace(f"vendor={vendor}", "vendor={vendor}") in wanted or p in wanted]
        browsers = {role: Browser(base, key, a.language) for role, key in (("finance", finance), ("auditor", auditor), ("member", member))}
        browsers["finance API"] = ApiClient(base, finance)
        browsers["auditor API"] = ApiClient(base, auditor)
        rows = []
        for role, path in pages:
            r = browsers[role].time(path, a.runs)
            shown = path.replace(m0, "{member}").replace(str(first), "{subscription}").replace(c, "{c}").replace(f"vendor={vendor}", "vendor={vendor}")
            print(f"{role} {shown}: {r}", file=sys.stderr, flush=True)
            rows.append((role, shown, r))
        lines = [f"{a.members} members, {a.subscriptions} subscriptions of {a.participants} members (member 0 in all), {a.loans} loans "
                 f"(member 0 the borrower of a tenth), {a.language}, median and slowest of {a.runs} after one warm-up, {os.cpu_count()} CPUs", "",
                 "| who | page | status | size | median | slowest |", "|---|---|---:|---:|---:|---:|"]
        for role, shown, r in rows:
            lines.append(f"| {role} | `{shown}` | {r['status']} | {r['bytes'] / 1024:,.0f} kB | {r['median']:,.0f} ms | {r['max']:,.0f} ms |")
        print("\n" + "\n".join(lines))
        if a.doc:
            load.append_section(a.doc, "pages.py", lines)
        if a.hold:
            print(f"holding for {a.hold} s: {base}, consortium {c}, member 0 {m0}, connection {connection}; keys finance {finance}, "
                  f"auditor {auditor}, member {member}", file=sys.stderr, flush=True)
            time.sleep(a.hold)
    finally:
        if service:
            cold.stop(service, 60)
        if stop:
            stop()


if __name__ == "__main__":
    main()
