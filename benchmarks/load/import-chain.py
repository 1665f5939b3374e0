#!/usr/bin/env python3
"""Whether the hash chain keeps up with a loan import while the service runs (issue 14, item 3), and what readiness says meanwhile.

    python3 benchmarks/load/import-chain.py PUBLISH_DIR [--members 200] [--files 5] [--loans 40000] [--command] [--every 2]

Starts a throwaway PostgreSQL cluster (load.py's settings), applies the schema, starts one node of the published service in
Production with its async daemon (the chain's writer), seeds a consortium as load.py does, and writes FILES CSV files of LOANS
loans each (request, shipped, received, returned, completed: six events a loan with the shipping's charge). Then it imports them
one after the other through `POST /consortia/{id}/loans/import` (or, with --command, all as one file through the operator's
`import-loans` command, as a year of history goes), while a thread reads every EVERY seconds the log's head, the chain's head, the
events older than 60 s not yet chained and `/health/ready`'s status. Prints each import's time, then the chain's rate, its
largest lag, the polls at which readiness was not 200, and when the chain was current after the last import. Measured figures:
docs/performance.md, "The chain behind a bulk import".
"""
import argparse, os, random, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request, importlib.util

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("first_minute", os.path.join(HERE, "first-minute.py"))
first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(first)
load, cold = first.load, first.cold


def write_files(folder, files, loans, members):
    paths = []
    for f in range(files):
        rng = random.Random(f)
        path = os.path.join(folder, f"import-{f}.csv")
        with open(path, "w") as out:
            out.write("borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n")
            for i in range(loans):
                b = rng.randrange(members)
                l = (b + 1 + rng.randrange(members - 1)) % members
                borrower, lender, request = f"LIB{b:05d}", f"LIB{l:05d}", f"F{f}-{i}"
                out.write(f"{borrower},{request},request,{load.YEAR}-10-02,{lender},loan,normal,,,,\n"
                          f"{borrower},{request},shipped,{load.YEAR}-10-03,,,,,{load.YEAR}-11-20,,\n"
                          f"{borrower},{request},received,{load.YEAR}-10-05,,,,,,,\n"
                          f"{borrower},{request},returnShipped,{load.YEAR}-10-25,,,,,,,\n"
                          f"{borrower},{request},loanCompleted,{load.YEAR}-10-27,,,,,,,\n")
        paths.append(path)
    return paths


class Watch(threading.Thread):
    """Polls the heads, the overdue events and readiness until stopped: (seconds since start, log head, chain head, overdue, status)."""

    def __init__(self, psql, base, every):
        super().__init__(daemon=True)
        self.psql, self.base, self.every, self.polls, self.stopped = psql, base, every, [], threading.Event()
        self.started = time.monotonic()

    def run(self):
        sql = ("select (select coalesce(max(seq_id), 0) from ledger.mt_events), (select coalesce(max(sequence), 0) from ledger.chain_link), "
               "(select count(*) from ledger.mt_events where seq_id > (select coalesce(max(sequence), 0) from ledger.chain_link) "
               "and timestamp < now() - interval '60 seconds' and timestamp > '-infinity')")
        while not self.stopped.is_set():
            out = subprocess.run(self.psql + ["-d", "sharingledger", "-At", "-F", " ", "-c", sql], capture_output=True, text=True).stdout.split()
            try:
                with urllib.request.urlopen(f"{self.base}/health/ready", timeout=10) as r:
                    status = r.status
            except urllib.error.HTTPError as e:
                status = e.code
            except Exception:
                status = 0
            if len(out) == 3:
                self.polls.append((time.monotonic() - self.started, int(out[0]), int(out[1]), int(out[2]), status))
            self.stopped.wait(self.every)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("publish_dir")
    p.add_argument("--members", type=int, default=200)
    p.add_argument("--files", type=int, default=5)
    p.add_argument("--loans", type=int, default=40000)
    p.add_argument("--command", action="store_true", help="all files as one, through the operator's import-loans")
    p.add_argument("--every", type=float, default=2)
    a = p.parse_args()
    publish = os.path.abspath(a.publish_dir)
    connection, stop_postgres = first.start_cluster(publish)
    node = None
    parts = dict(kv.split("=", 1) for kv in connection.split(";") if kv)
    psql = ["psql", "-h", parts["Host"], "-p", parts["Port"], "-U", parts["Username"], "-qX"]
    folder = tempfile.mkdtemp(prefix="import-chain-")
    try:
        node, base, log = first.start_node(publish, connection, {})
        first.wait_until(node, log, f"{base}/health/ready")
        api = load.Api(base, cold.KEY)
        c, _, finance, _ = load.seed(api, a.members, 10, min(20, a.members))
        files = write_files(folder, a.files, a.loans, a.members)
        if a.command:  # one file, as a year goes through the operator's command
            whole = os.path.join(folder, "all.csv")
            with open(whole, "w") as out:
                for i, path in enumerate(files):
                    with open(path) as f:
                        lines = f.readlines()
                    out.writelines(lines if i == 0 else lines[1:])
            files = [whole]
        watch = Watch(psql, base, a.every)
        watch.start()
        timings = []
        for path in files:
            started = time.monotonic()
            if a.command:
                own = os.path.join(publish, "SharingLedger")
                command = [own] if os.path.exists(own) and os.access(own, os.X_OK) else ["dotnet", os.path.join(publish, "SharingLedger.dll")]
                subprocess.run(command + ["import-loans", path, "--consortium", c], cwd=publish, env=cold.env_for(connection, cold.free_port()),
                               check=True, capture_output=True)
            else:
                with open(path, "rb") as f:
                    body = f.read()
                request = urllib.request.Request(f"{base}/consortia/{c}/loans/import", data=body, method="POST",
                                                 headers={"X-Api-Key": finance, "Content-Type": "text/csv"})
                with urllib.request.urlopen(request, timeout=600) as r:
                    r.read()
            timings.append(time.monotonic() - started)
            print(f"{os.path.basename(path)}: imported in {timings[-1]:.1f} s", file=sys.stderr, flush=True)
        ended = time.monotonic() - watch.started
        while True:  # until the chain is current
            time.sleep(a.every)
            if watch.polls and watch.polls[-1][0] > ended and watch.polls[-1][1] == watch.polls[-1][2]:
                break
        watch.stopped.set()
        watch.join()
        polls = watch.polls
        events = polls[-1][1] - polls[0][1]
        current = next(q[0] for q in polls if q[0] > ended and q[1] == q[2])
        arrived = next(q[0] for q in polls if q[1] > polls[0][1])  # the first poll that saw imported events
        unready = [q for q in polls if q[4] != 200]
        print(f"\n{a.members} members, {len(files)} file(s) {'through import-loans' if a.command else 'over HTTP'}, {events:,} events, "
              f"{len(polls)} polls every {a.every:g} s, {os.cpu_count()} CPUs\n")
        print("| measure | figure |\n|---|---|")
        print(f"| each import | {', '.join(f'{t:.1f} s' for t in timings)} |")
        print(f"| the chain, from the first imported events seen to current | {current - arrived:.0f} s, {events / max(current - arrived, 1e-9):,.0f} events/s |")
        print(f"| its largest lag | {max(q[1] - q[2] for q in polls):,} events |")
        print(f"| events older than 60 s unchained, at most | {max(q[3] for q in polls):,} |")
        print(f"| readiness not 200 | {len(unready)} of {len(polls)} polls" + (f" ({', '.join(sorted({str(q[4]) for q in unready}))})" if unready else "") + " |")
        print(f"| current after the last import | {current - ended:.0f} s |")
        sampled = subprocess.run(psql + ["-d", "sharingledger", "-At", "-c",
                                         "select coalesce(to_char(last_analyze, 'HH24:MI:SS'), '–') || ' / ' || coalesce(to_char(last_autoanalyze, 'HH24:MI:SS'), '–')"
                                         " || ' / ' || coalesce(to_char(last_autovacuum, 'HH24:MI:SS'), '–') || ' (now ' || to_char(now(), 'HH24:MI:SS') || ')'"
                                         " from pg_stat_user_tables where schemaname = 'ledger' and relname = 'mt_events'"], capture_output=True, text=True).stdout.strip()
        print(f"| `mt_events` last analysed by the ledger / by autovacuum / last autovacuumed | {sampled} |")
    finally:
        if node is not None:
            cold.stop(node, 60)
        stop_postgres()
        subprocess.run(["rm", "-rf", folder])


if __name__ == "__main__":
    main()
