#!/usr/bin/env python3
"""A node's first minute under load (issue 14's read p99 goal, as a node restarted or added takes traffic).

    python3 benchmarks/load/first-minute.py PUBLISH_DIR [--members 200] [--subscriptions 10] [--participants 20]
                                            [--starts 2] [--rounds 6] [--seconds 10] [--readers 14] [--writers 2]
                                            [VARIANT ...]

VARIANT is LABEL or LABEL=VAR=VALUE[,VAR=VALUE...]: environment added to the measured node (for instance
`pgo-off=DOTNET_TieredPGO=0`); none given means one variant, `as-published`, with nothing added.

Starts a throwaway PostgreSQL cluster, applies the schema (`db-apply`), starts the published service in Production, seeds one
consortium as benchmarks/load/load.py does and records loan requests for 10 s, then stops that node. Then, STARTS times, each
variant in turn: a new node on the same database, timed until its `/health/ready` answers 200, then ROUNDS back-to-back rounds
of SECONDS each, every round READERS wrk clients reading member 0's obligations and WRITERS recording loan requests at the same
time, through that node alone; then the node is stopped. Prints each start's rounds and a table per variant: ready after, the
p99 of the first round (the node's first seconds), of the second, and the range of the rest. Needs wrk and pgbench.

A self-contained publish (the Dockerfile's: composite ReadyToRun) is started by its own executable, any other with `dotnet`.
"""
import argparse, concurrent.futures, importlib.util, os, subprocess, sys, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def _module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


load = _module("load", os.path.join(HERE, "load.py"))
cold = load.cold
YEAR = load.YEAR


def start_node(publish, connection, extra):
    port = cold.free_port()
    env = cold.env_for(connection, port) | {"Limits__RequestsPerMinute": "100000000"} | extra
    own = os.path.join(publish, "SharingLedger")
    command = [own] if os.path.exists(own) and os.access(own, os.X_OK) else ["dotnet", os.path.join(publish, "SharingLedger.dll")]
    log = f"/tmp/first-minute-service-{port}.log"
    node = subprocess.Popen(command, cwd=publish, env=env, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
    return node, f"http://127.0.0.1:{port}", log


def wait_until(node, log, url, status=200, limit=300):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if node.poll() is not None:
            raise RuntimeError(f"the service exited with {node.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == status:
                    return time.monotonic() - started
        except Exception:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer {status} within {limit} s; see {log}")


def variant(text):
    label, _, settings = text.partition("=")
    return label, dict(s.split("=", 1) for s in settings.split(",") if s)


def consortium_arguments(p, subscriptions, participants):
    """The publish folder, the variants and the seeded consortium's size, as this harness and side-by-side.py take them."""
    p.add_argument("publish_dir")
    p.add_argument("variants", nargs="*", type=variant)
    p.add_argument("--members", type=int, default=200)
    p.add_argument("--subscriptions", type=int, default=subscriptions)
    p.add_argument("--participants", type=int, default=participants)


def start_cluster(publish):
    """A throwaway cluster set as load.py's (fsync and synchronous commit off), the schema applied: (connection, stop)."""
    connection, stop_postgres = cold.start_postgres()
    try:
        parts = dict(kv.split("=", 1) for kv in connection.split(";") if kv)
        subprocess.run(["psql", "-h", parts["Host"], "-p", parts["Port"], "-U", parts["Username"], "-qX", "-d", "postgres",
                        "-c", "alter system set fsync = off", "-c", "alter system set synchronous_commit = off",
                        "-c", "select pg_reload_conf()"], check=True, capture_output=True)
        cold.db_apply(publish, connection)
    except BaseException:
        stop_postgres()
        raise
    return connection, stop_postgres


def main():
    p = argparse.ArgumentParser()
    consortium_arguments(p, subscriptions=10, participants=20)
    p.add_argument("--starts", type=int, default=2)
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--readers", type=int, default=14)
    p.add_argument("--writers", type=int, default=2)
    a = p.parse_args()
    publish = os.path.abspath(a.publish_dir)
    variants = a.variants or [("as-published", {})]

    connection, stop_postgres = start_cluster(publish)
    node = None
    try:
        node, base, log = start_node(publish, connection, {})
        wait_until(node, log, f"{base}/health/ready")
        api = load.Api(base, cold.KEY)
        c, ids, finance, member = load.seed(api, a.members, a.subscriptions, a.participants)
        loans = os.path.join(HERE, "request-loan.lua")
        members = {"LOAD_MEMBERS": ",".join(ids[:200])}
        history = load.wrk(f"{base}/consortia/{c}/loans", finance, 10, 4, loans, members)
        print(f"seeding node: {history['total']:,} loan requests recorded", file=sys.stderr)
        cold.stop(node, 60)
        node = None

        results = {label: [] for label, _ in variants}
        for start in range(a.starts):
            for label, extra in variants:
                node, base, log = start_node(publish, connection, extra)
                ready = wait_until(node, log, f"{base}/health/ready")
                obligations = f"{base}/consortia/{c}/members/{ids[0]}/obligations?fiscalYear={YEAR}"
                rounds = []
                with concurrent.futures.ThreadPoolExecutor(2) as pool:
                    for r in range(a.rounds):
                        reads = pool.submit(load.wrk, obligations, member, a.seconds, a.readers)
                        writes = pool.submit(load.wrk, f"{base}/consortia/{c}/loans", finance, a.seconds, a.writers, loans, members)
                        rounds.append((reads.result(), writes.result()))
                cold.stop(node, 60)
                node = None
                results[label].append((ready, rounds))
                print(f"start {start + 1}, {label}: ready after {ready:.2f} s; " + "; ".join(
                    f"round {i + 1} reads {rd['rate']:,.0f}/s p99 {rd['p99']:.0f} ms, loans p99 {wr['p99']:.0f} ms ({wr['bad']} non-2xx)"
                    for i, (rd, wr) in enumerate(rounds)), file=sys.stderr, flush=True)

        def span(values):
            return f"{min(values):.0f}–{max(values):.0f} ms" if len(values) > 1 else f"{values[0]:.0f} ms"
        print(f"\n{a.members} members, {a.readers} readers and {a.writers} writers through the new node, {a.rounds} rounds of "
              f"{a.seconds} s, {a.starts} starts of each variant (alternating), {os.cpu_count()} CPUs\n")
        print("| variant | ready after | reads p99, round 1 | loans p99, round 1 | reads p99, round 2 | reads p99, rounds 3+ |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, runs in results.items():
            print(f"| {label} | {min(r for r, _ in runs):.1f}–{max(r for r, _ in runs):.1f} s "
                  f"| {span([rs[0][0]['p99'] for _, rs in runs])} | {span([rs[0][1]['p99'] for _, rs in runs])} "
                  f"| {span([rs[1][0]['p99'] for _, rs in runs if len(rs) > 1] or [0])} "
                  f"| {span([rd['p99'] for _, rs in runs for rd, _ in rs[2:]] or [0])} |")
    finally:
        if node:
            cold.stop(node, 60)
        stop_postgres()


if __name__ == "__main__":
    main()
