#!/usr/bin/env python3
"""The service's reads and writes under load, side by side with pgbench on the same PostgreSQL cluster (issue 14).

    python3 benchmarks/load/load.py PUBLISH_DIR [--members 2000] [--subscriptions 100] [--participants 50] [--own N]
                                    [--repeat 3] [--seconds 10] [--clients 16] [--only anchors,floor,reads,writes,steps]
                                    [--history N] [--hold SECONDS] [--doc docs/performance.md]

Starts a throwaway PostgreSQL cluster (fsync off, like the other benchmarks; or uses ConnectionStrings__Ledger), applies
the schema with `db-apply`, starts the published service in Production and seeds one consortium through its API:
MEMBERS members, an agreement with equal dues and an equal sharing term, the current year's dues, SUBSCRIPTIONS shared
subscriptions of PARTICIPANTS members each (member 0 takes part in all of them, or in the first N with --own N, so that
its own answer stays the same size while the consortium grows) invoiced, and a finance key and a member
key (both issued keys, so every request checks a key the service stored). Then, for REPEAT rounds, back to back at
CLIENTS connections for SECONDS each:

- anchors: `pgbench -S` (select-only), one INSERT per transaction, and the minimal event-sourced write
  (`es-write.sql`: check and bump the stream's version, insert the event, upsert the snapshot, one transaction);
- floor (wrk): `/health/live` (no database) and the consortium's own document, with the member's key: what the HTTP stack,
  authentication and one Marten load cost before any work of the endpoint's;
- reads (wrk): member 0's obligations and statement with the member's key, without and with `Accept-Encoding: gzip`, and the
  obligations asked for again with the ETag of the answer held (`If-None-Match`: 304, no body, as a polling system reads);
- writes (wrk, `request-loan.lua`): POST a loan request, a random borrower and lender each time, with the finance key;
- steps (wrk, `ship-loan.lua`): POST a step on a loan (shipped), each loan requested so far and not yet shipped once; then
  another (received), each loan shipped so far and not yet received once, for half of SECONDS (its pool is what the shipping
  left): a step that moves none of the loan's indexed days.

Prints the quietest round of each measure (highest rate) with its p99, the CPU time a request (or a pgbench transaction) cost the
service, the PostgreSQL cluster and the load generator (wrk or pgbench), the SQL statements the cluster ran a request (every
client's, the service's daemons included; `pg_stat_statements`, which the throwaway cluster loads), the load average when it ran,
and the ratios to the anchors of that same round; `--doc docs/performance.md` also appends that table to the file, under a heading
with the time, the commit and the command. The cluster's CPU is known when it runs on this machine and its data directory is
readable (the throwaway one); otherwise that column says so. Needs wrk (`apt-get install wrk`) and pgbench.

Run it at normal priority: the cluster runs in a session of its own (pg_ctl starts it so), and favouring this script's session
(autogroup nice) starves the database under load; the tails then measure the scheduler (docs/performance.md, "Runs of the load
harness").
"""
import argparse, concurrent.futures, importlib.util, json, os, re, resource, shutil, subprocess, sys, tempfile, time, urllib.error, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("cold_start", os.path.join(HERE, "..", "cold-start", "cold-start.py"))
cold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cold)
YEAR = time.gmtime().tm_year


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


TICK = os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    """The fields of /proc/PID/stat after the command's name: [1] the parent, [11] [12] user and system time, [13] [14] those of the
    children it has waited for (clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


class Costs:
    """What one measure cost: CPU seconds of the service, of the PostgreSQL cluster and of this script's children (wrk, pgbench),
    and the SQL statements the cluster ran."""

    def __init__(self, psql, service_pid):
        self.psql, self.service, self.postmaster = psql, service_pid, None
        try:  # the cluster's processes: its postmaster and every backend it started (a backend gone is in the postmaster's children's time)
            data = subprocess.run(psql + ["-d", "postgres", "-Atc", "show data_directory"], check=True, capture_output=True, text=True).stdout.strip()
            with open(os.path.join(data, "postmaster.pid")) as f:
                self.postmaster = int(f.readline())
            proc_stat(self.postmaster)
        except Exception:
            self.postmaster = None
        self.statements = subprocess.run(psql + ["-d", "postgres", "-c", "create extension if not exists pg_stat_statements",
                                                 "-c", "select pg_stat_statements_reset()"], capture_output=True).returncode == 0

    def postgres_cpu(self):
        f = proc_stat(self.postmaster)
        total = sum(int(x) for x in f[11:15])
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    f = proc_stat(d)
                    if int(f[1]) == self.postmaster:
                        total += int(f[11]) + int(f[12])
                except (OSError, IndexError, ValueError):
                    pass
        return total / TICK

    def sample(self):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        service = proc_stat(self.service) if self.service else None
        return {"service": (int(service[11]) + int(service[12])) / TICK if service else None,
                "postgres": self.postgres_cpu() if self.postmaster else None,
                "client": children.ru_utime + children.ru_stime}

    def of(self, measure, service=True):
        """Runs MEASURE (a function returning a dict with the requests done as "total") and adds what a request cost to its dict."""
        if self.statements:
            subprocess.run(self.psql + ["-d", "postgres", "-c", "select pg_stat_statements_reset()"], capture_output=True)
        before = self.sample()
        result = measure()
        after = self.sample()
        n = max(result["total"], 1)
        for k in ("service", "postgres", "client"):
            result[f"{k}_ms"] = None if before[k] is None or (k == "service" and not service) else (after[k] - before[k]) * 1000 / n
        if self.statements:
            calls = subprocess.run(self.psql + ["-d", "postgres", "-Atc",
                                                "select coalesce(sum(calls), 0) from pg_stat_statements where query not like '%pg_stat_statements%'"],
                                   capture_output=True, text=True).stdout.strip()
            result["statements"] = int(calls) / n if calls.isdigit() else None
        return result


class Api:
    def __init__(self, base, key):
        self.base, self.key = base, key

    def call(self, method, path, body=None, key=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"X-Api-Key": key or self.key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=600) as r:
                text = r.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path} answered {e.code}: {e.read()[:1500]!r}") from None


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def seed(api, members, subscriptions, participants, own=None):
    started = time.monotonic()
    c = api.call("POST", "/consortia", {"name": f"Load consortium of {members}", "region": "Load", "organisationModel": "parallel",
                                        "governanceModel": "council", "baseCurrency": "USD", "fiscalYearStartMonth": 1,
                                        "timeZone": "Asia/Shanghai"})["id"]

    def admit(i):
        return api.call("POST", f"/consortia/{c}/members", {
            "code": f"LIB{i:05d}", "name": f"Library {i}", "kind": "academic", "fte": 200 + i * 7 % 40000, "population": 10000 + i * 13,
            "materialsBudget": usd(f"{100000 + i * 997 % 2000000}.00"), "effectiveFrom": f"{YEAR}-01-01"})["id"]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(admit, range(members)))
    api.call("POST", f"/consortia/{c}/agreement/versions", {
        "version": 1, "effectiveFrom": f"{YEAR}-01-01", "signatories": ids,
        "dues": {"annualAmount": usd(f"{members * 1200}.00"), "rule": {"method": "equal"}},
        "costSharing": {"databases": {"rule": {"method": "equal"}}},
        "lending": {"prices": [{"serviceLevel": level, "perLoan": usd(loan), "perPage": usd(page)} for level, loan, page in
                               (("normal", "15.00", "0.20"), ("rush", "20.00", "0.40"), ("express", "25.00", "0.60"))],
                    "transactionFee": usd("0.26")}})
    api.call("POST", f"/consortia/{c}/dues", {"fiscalYear": YEAR})

    writes = {"contract": [], "invoice": []}

    def timed(kind, method, path, body):
        began = time.monotonic()
        answer = api.call(method, path, body)
        writes[kind].append(time.monotonic() - began)
        return answer

    def subscribe(s):
        first = [ids[0]] if own is None or s < own else []
        group = first + [ids[1 + (s * participants + j) % (members - 1)] for j in range(min(participants, members) - 1)]
        sid = timed("contract", "POST", f"/consortia/{c}/subscriptions", {
            "vendor": f"Vendor {s % 17}", "resource": f"Database {s}", "termStart": f"{YEAR}-01-01", "termEnd": f"{YEAR}-12-31",
            "price": usd(f"{1000 * participants}.00"), "participants": [{"memberId": m} for m in dict.fromkeys(group)],
            "sharingTerm": "databases"})["id"]
        timed("invoice", "POST", f"/consortia/{c}/subscriptions/{sid}/invoices", {
            "invoiceNumber": f"INV-{s}", "invoiceDate": f"{YEAR}-01-15", "amount": usd(f"{1000 * participants}.00")})
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(subscribe, range(subscriptions)))

    def key(role, member=None):
        return api.call("POST", f"/consortia/{c}/api-keys", {"label": f"load {role}", "roles": [role], "memberId": member})["key"]
    print(f"seeded {members} members, {subscriptions} subscriptions of {participants} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    for kind, took in writes.items():  # four at a time: each a subscription of PARTICIPANTS members written with its members' rows
        if took:
            took.sort()
            print(f"  {kind} of a subscription: median {took[len(took) // 2] * 1000:.0f} ms, slowest {took[-1] * 1000:.0f} ms", file=sys.stderr)
    return c, ids, key("finance"), key("member", ids[0])


def start_service(publish, connection):
    """Applies the schema and starts the published service in Production on a free port; returns the process and the port once the
    operator's key is answered (the caller stops it with cold.stop)."""
    cold.db_apply(publish, connection)
    port = cold.free_port()
    env = cold.env_for(connection, port) | {"Limits__RequestsPerMinute": "100000000"}
    service = subprocess.Popen(["dotnet", os.path.join(publish, "SharingLedger.dll")], cwd=publish, env=env,
                               stdout=subprocess.DEVNULL, stderr=open(f"/tmp/load-service-{port}.log", "w"))
    api = Api(f"http://127.0.0.1:{port}", cold.KEY)
    for _ in range(3000):  # up to 5 minutes on a loaded machine
        if service.poll() is not None:
            raise RuntimeError(f"the service exited with {service.returncode}; see /tmp/load-service-{port}.log")
        try:
            api.call("GET", "/consortia")
            return service, port
        except Exception:
            time.sleep(0.1)
    cold.stop(service, 10)
    raise RuntimeError(f"the service did not answer in 5 minutes; see /tmp/load-service-{port}.log")


def append_section(doc, script, lines):
    """Appends LINES (a measure's table) to DOC under a heading naming SCRIPT, the time, the commit and the command as it was run."""
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown"
    command = " ".join(["python3", f"benchmarks/load/{script}"] + [x if " " not in x else repr(x) for x in sys.argv[1:]])
    with open(doc, "a") as f:
        f.write(f"\n### `{script}`, {time.strftime('%d %b %Y %H:%M', time.gmtime())} UTC, the harness at `{commit}`\n\n`{command}`\n\n"
                + "\n".join(lines) + "\n")
    print(f"appended to {doc}", file=sys.stderr)


def parse_wrk(out):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rate": rate, "p99": p99ms, "bad": int(bad.group(1)) if bad else 0, "total": total}


def wrk(url, key, seconds, clients, script=None, env=None, gzip=False, headers=()):
    args = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", "--latency", "-H", f"X-Api-Key: {key}"]
    if gzip:  # as a browser or an HTTP library asks
        args += ["-H", "Accept-Encoding: gzip"]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], capture_output=True, text=True, env={**os.environ, **(env or {})}).stdout
    return parse_wrk(out) | {"load": loadavg()}


def pgbench(pg, args, seconds, clients):
    """pgbench at CLIENTS connections; each transaction's latency is logged (-l), so the anchor has a p99 like wrk's."""
    logs = tempfile.mkdtemp(prefix="pgbench-log-")
    try:
        out = subprocess.run(["pgbench", "-h", pg["host"], "-p", pg["port"], "-U", pg["user"], "-n", "-c", str(clients), "-j", "2",
                              "-T", str(seconds), "-l", f"--log-prefix={logs}/tx"] + args + ["pgbench"],
                             capture_output=True, text=True)
        tps = re.search(r"tps = ([\d.]+)", out.stdout)
        lat = re.search(r"latency average = ([\d.]+) ms", out.stdout)
        if not tps:
            raise RuntimeError(out.stdout[-2000:] + out.stderr[-2000:])
        latencies = sorted(int(line.split()[2]) for name in os.listdir(logs) for line in open(os.path.join(logs, name)) if line.strip())
        p99 = latencies[int(len(latencies) * 0.99)] / 1000 if latencies else None
        done = re.search(r"number of transactions actually processed: (\d+)", out.stdout)
        return {"rate": float(tps.group(1)), "p99": p99, "avg": float(lat.group(1)), "load": loadavg(),
                "total": int(done.group(1)) if done else len(latencies)}
    finally:
        shutil.rmtree(logs, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("publish_dir")
    p.add_argument("--members", type=int, default=2000)
    p.add_argument("--subscriptions", type=int, default=100)
    p.add_argument("--participants", type=int, default=50)
    p.add_argument("--own", type=int, default=None, help="member 0 (whose answers are read) takes part in only the first N subscriptions")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--only", default="anchors,floor,reads,writes,steps")
    p.add_argument("--hold", type=int, default=0, help="keep the service up this many seconds after the rounds (to profile it)")
    p.add_argument("--history", type=int, default=0,
                   help="N earlier loans per member (over the five years before) written straight into the snapshots' table before the "
                        "rounds: plain rows with the triggers off, so what a request's checks read grows, not what the obligations read")
    p.add_argument("--doc", help="also append the table, with a heading naming the time, the commit and the command, to this file")
    a = p.parse_args()
    publish = os.path.abspath(a.publish_dir)
    only = set(a.only.split(","))

    connection = os.environ.get("ConnectionStrings__Ledger")
    stop = None
    if not connection:
        connection, stop = cold.start_postgres("-c shared_preload_libraries=pg_stat_statements")
    parts = dict(kv.split("=", 1) for kv in connection.split(";") if kv)
    pg = {"host": parts["Host"], "port": parts["Port"], "user": parts["Username"]}
    psql = ["psql", "-h", pg["host"], "-p", pg["port"], "-U", pg["user"], "-qX"]
    service = None
    try:
        subprocess.run(psql + ["-d", "postgres", "-c", "alter system set fsync = off", "-c", "alter system set synchronous_commit = off",
                               "-c", "select pg_reload_conf()", "-c", "create database pgbench"], check=True, capture_output=True)
        subprocess.run(["pgbench", "-h", pg["host"], "-p", pg["port"], "-U", pg["user"], "-i", "-q", "-s", "10", "pgbench"], check=True,
                       capture_output=True)
        subprocess.run(psql + ["-d", "pgbench", "-f", os.path.join(HERE, "es-schema.sql")], check=True, capture_output=True)
        service, port = start_service(publish, connection)
        base = f"http://127.0.0.1:{port}"
        api = Api(base, cold.KEY)
        c, ids, finance, member = seed(api, a.members, a.subscriptions, a.participants, a.own)
        costs = Costs(psql, service.pid)
        if a.history:
            started = time.monotonic()
            subprocess.run(psql + ["-d", "sharingledger", "-c", "set session_replication_role = replica", "-c", f"""
                insert into ledger.mt_doc_loan (tenant_id, id, data, mt_dotnet_type, mt_version, requested_month, request_id, borrower_id, lender_id)
                select tenant_id, gen_random_uuid(), '{{"state": "LoanCompleted"}}'::jsonb, 'SharingLedger.Loans.Loan', 1,
                       to_char(date '{YEAR - 5}-01-01' + (n % 1825), 'YYYY-MM'), 'HISTORY-' || n, id, id
                from ledger.mt_doc_member cross join generate_series(1, {a.history}) n""", "-c", "analyze ledger.mt_doc_loan"],
                           check=True, capture_output=True)
            print(f"history: {a.history:,} earlier loans per member in {time.monotonic() - started:.0f} s", file=sys.stderr)
        obligations = f"{base}/consortia/{c}/members/{ids[0]}/obligations?fiscalYear={YEAR}"
        statement = f"{base}/consortia/{c}/members/{ids[0]}/statement"
        tags = {}
        for url in (obligations, statement):  # warm-up, and the answer must be a 200; the first is computed, the rest stored
            started = time.monotonic()
            with urllib.request.urlopen(urllib.request.Request(url, headers={"X-Api-Key": member}), timeout=120) as answer:
                size, tags[url] = len(answer.read()), answer.headers["ETag"]
            print(f"{url.split('/')[-1]}: {size:,} bytes, first answer in {(time.monotonic() - started) * 1000:.0f} ms", file=sys.stderr)
        rounds = []
        for r in range(a.repeat):
            row = {}
            if "anchors" in only:
                row["pgbench -S"] = costs.of(lambda: pgbench(pg, ["-S"], a.seconds, a.clients), service=False)
                row["pgbench one INSERT"] = costs.of(lambda: pgbench(pg, ["-f", os.path.join(HERE, "insert.sql")], a.seconds, a.clients), service=False)
                row["pgbench event-sourced write"] = costs.of(lambda: pgbench(pg, ["-f", os.path.join(HERE, "es-write.sql")], a.seconds, a.clients),
                                                              service=False)
            if "floor" in only:  # what the framework costs before any work: no database, then one stored document
                row["GET /health/live (floor)"] = costs.of(lambda: wrk(f"{base}/health/live", member, a.seconds, a.clients))
                row["GET consortium (one document)"] = costs.of(lambda: wrk(f"{base}/consortia/{c}", member, a.seconds, a.clients))
            if "reads" in only:
                row["GET obligations"] = costs.of(lambda: wrk(obligations, member, a.seconds, a.clients))
                row["GET statement"] = costs.of(lambda: wrk(statement, member, a.seconds, a.clients))
                row["GET obligations, gzip"] = costs.of(lambda: wrk(obligations, member, a.seconds, a.clients, gzip=True))
                row["GET statement, gzip"] = costs.of(lambda: wrk(statement, member, a.seconds, a.clients, gzip=True))
                # a member's system polling with the tag it holds: 304, no body, while nothing changed
                row["GET obligations, unchanged (304)"] = costs.of(lambda: wrk(obligations, member, a.seconds, a.clients,
                                                                               headers=[f"If-None-Match: {tags[obligations]}"]))
            if "writes" in only:
                row["POST loan request"] = costs.of(lambda: wrk(f"{base}/consortia/{c}/loans", finance, a.seconds, a.clients,
                                                                os.path.join(HERE, "request-loan.lua"), {"LOAD_MEMBERS": ",".join(ids[:200])}))
            if "steps" in only:  # steps on loans: ship loans requested above (or earlier), each once; then receive loans shipped, each once
                # received for half the time: the loans shipped just before are its pool, and a loan received twice is refused (409)
                for state, action, seconds in (("Requested", "shipped", a.seconds), ("Shipped", "received", max(1, a.seconds // 2))):
                    with tempfile.NamedTemporaryFile("w", prefix="load-loans-", suffix=".txt", delete=False) as ids_file:
                        ids_file.write(subprocess.run(psql + ["-d", "sharingledger", "-At", "-c",
                                                              f"select id from ledger.mt_doc_loan where data ->> 'state' = '{state}'"],
                                                      check=True, capture_output=True, text=True).stdout)
                    row[f"POST loan step ({action})"] = costs.of(lambda: wrk(
                        f"{base}/consortia/{c}/loans", finance, seconds, a.clients, os.path.join(HERE, "ship-loan.lua"),
                        {"LOAD_LOANS_FILE": ids_file.name, "LOAD_LOANS_URL": f"/consortia/{c}/loans", "LOAD_ACTION": action}))
                    os.unlink(ids_file.name)
            for k, v in row.items():
                print(f"round {r + 1} {k}: {v}", file=sys.stderr)
            rounds.append(row)
        best = {k: max((row[k] for row in rounds), key=lambda v: v["rate"]) for k in rounds[0]}
        own = "" if a.own is None else f" (member 0 in {a.own} of them)"
        lines = [f"{a.members} members, {a.subscriptions} subscriptions of {a.participants} members{own}, {a.clients} clients, "
                 f"{a.seconds} s a measure, best of {a.repeat} rounds, {os.cpu_count()} CPUs", "",
                 "| what | rate/s | p99 | non-2xx | CPU a request: service / PostgreSQL / load generator | SQL statements a request | load average |",
                 "|---|---:|---:|---:|---:|---:|---:|"]

        def ms(v):
            return "–" if v is None else f"{v:.2f} ms"
        for k, v in best.items():
            p99 = f"{v['p99']:.1f} ms" + (f" (avg {v['avg']:.2f} ms)" if v.get("avg") is not None else "")
            cpu = f"{ms(v.get('service_ms'))} / {ms(v.get('postgres_ms'))} / {ms(v.get('client_ms'))}"
            statements = "–" if v.get("statements") is None else f"{v['statements']:.1f}"
            lines.append(f"| {k} | {v['rate']:,.0f} | {p99} | {v.get('bad', '')} | {cpu} | {statements} | {v['load']:.1f} |")
        if "anchors" in only:
            lines.append("")
            for k in ("GET obligations", "GET statement", "GET obligations, gzip", "GET statement, gzip", "GET obligations, unchanged (304)",
                      "GET /health/live (floor)",
                      "GET consortium (one document)"):
                if k in best:
                    lines.append(f"- {k} / pgbench -S = {best[k]['rate'] / best['pgbench -S']['rate']:.3f}")
            for write in ("POST loan request", "POST loan step (shipped)", "POST loan step (received)"):
                if write in best:
                    for anchor in ("pgbench event-sourced write", "pgbench one INSERT"):
                        lines.append(f"- {write} / {anchor} = {best[write]['rate'] / best[anchor]['rate']:.3f}")
        print("\n" + "\n".join(lines))
        if a.doc:
            append_section(a.doc, "load.py", lines)
        if a.hold:
            print(f"holding for {a.hold} s: {obligations} with X-Api-Key: {member}", file=sys.stderr)
            with open(f"/tmp/load-hold-{port}.sh", "w") as f:  # the write measure again, by hand, while profiling
                f.write(f"LOAD_MEMBERS={','.join(ids[:200])} exec wrk -t2 -c${{1:-16}} -d${{2:-10}}s --latency -s {os.path.join(HERE, 'request-loan.lua')} "
                        f"-H 'X-Api-Key: {finance}' {base}/consortia/{c}/loans\n")
            print(f"loan requests: bash /tmp/load-hold-{port}.sh [clients] [seconds]", file=sys.stderr, flush=True)
            time.sleep(a.hold)
    finally:
        if service:
            cold.stop(service, 60)
        if stop:
            stop()


if __name__ == "__main__":
    main()
