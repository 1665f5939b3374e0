#!/usr/bin/env python3
"""Variants of a node measured side by side on one database (issue 14: a change worth a tenth, which load.py's rounds do not separate).

    python3 benchmarks/load/side-by-side.py PUBLISH_DIR VARIANT [VARIANT ...] [--members 200] [--subscriptions 20]
                                            [--participants 50] [--pairs 4] [--seconds 10] [--clients 16] [--only writes,reads]

VARIANT is LABEL or LABEL=VAR=VALUE[,VAR=VALUE...]: environment added to that variant's node (for instance
`untraced=OTEL_SDK_DISABLED=true` or `workstation-gc=DOTNET_gcServer=0`); give two or more, `as-published` for none added.

Starts a throwaway PostgreSQL cluster, applies the schema (`db-apply`), seeds one consortium as benchmarks/load/load.py does, then
starts one node per variant, all on that database at once, and warms each up (20 s of loan requests and of reads). Then PAIRS times,
each variant in turn: SECONDS of loan requests (request-loan.lua, a random borrower and lender of the first 200 members) at CLIENTS
connections, then SECONDS of member 0's obligations, through that variant's node alone. Every variant meets the same database,
the same hash-chain daemon and the same machine, one after the other, so what differs between them is the variant. Prints each
measure and a table per variant: every rate, the median, and the p99s. Needs wrk and pgbench.
"""
import argparse, importlib.util, os, statistics, sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("first_minute", os.path.join(HERE, "first-minute.py"))
first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(first)
load, cold = first.load, first.cold


def main():
    p = argparse.ArgumentParser()
    first.consortium_arguments(p, subscriptions=20, participants=50)
    p.add_argument("--pairs", type=int, default=4)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--only", default="writes,reads")
    a = p.parse_args()
    publish = os.path.abspath(a.publish_dir)
    only = set(a.only.split(","))
    if len(a.variants) < 2:
        p.error("give two variants or more (`as-published` for the node with nothing added)")

    connection, stop_postgres = first.start_cluster(publish)
    nodes = {}
    try:
        for label, extra in a.variants:
            node, base, log = first.start_node(publish, connection, extra)
            nodes[label] = (node, base)
            first.wait_until(node, log, f"{base}/health/ready")
        api = load.Api(next(iter(nodes.values()))[1], cold.KEY)
        c, ids, finance, member = load.seed(api, a.members, a.subscriptions, a.participants)
        loans = os.path.join(HERE, "request-loan.lua")
        members = {"LOAD_MEMBERS": ",".join(ids[:200])}

        def measure(base, what, seconds):
            if what == "writes":
                return load.wrk(f"{base}/consortia/{c}/loans", finance, seconds, a.clients, loans, members)
            return load.wrk(f"{base}/consortia/{c}/members/{ids[0]}/obligations?fiscalYear={load.YEAR}", member, seconds, a.clients)

        for label, (_, base) in nodes.items():  # each node's code promoted and its pools filled before anything is compared
            for what in sorted(only):
                measure(base, what, 20)
            print(f"{label}: warmed up", file=sys.stderr, flush=True)

        results = {label: {what: [] for what in only} for label in nodes}
        for pair in range(a.pairs):
            for label, (_, base) in nodes.items():
                for what in sorted(only):
                    m = measure(base, what, a.seconds)
                    results[label][what].append(m)
                    print(f"pair {pair + 1}, {label}, {what}: {m['rate']:,.0f}/s, p99 {m['p99']:.1f} ms, {m.get('bad', 0)} non-2xx, "
                          f"load {m['load']:.1f}", file=sys.stderr, flush=True)

        print(f"\n{a.members} members, {a.clients} connections, {a.seconds} s a measure, {a.pairs} rounds of every variant in turn on one "
              f"database, {os.cpu_count()} CPUs\n")
        print("| variant | measure | rate/s, in order | median | p99, in order |")
        print("|---|---|---|---:|---|")
        for label, by in results.items():
            for what, runs in sorted(by.items()):
                name = "loan requests" if what == "writes" else "member 0's obligations"
                rates = ", ".join(f"{r['rate']:,.0f}" for r in runs)
                p99s = ", ".join(f"{r['p99']:.0f}" for r in runs)
                print(f"| {label} | {name} | {rates} | {statistics.median(r['rate'] for r in runs):,.0f} | {p99s} ms |")
    finally:
        for node, _ in nodes.values():
            cold.stop(node, 60)
        stop_postgres()


if __name__ == "__main__":
    main()
