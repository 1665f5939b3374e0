#!/usr/bin/env python3
"""Cold start of the published service: process start to the first 200 on an authenticated GET /consortia.

    python3 benchmarks/cold-start/cold-start.py [--runs N] [--trace] LABEL=PUBLISH_DIR[,VAR=VALUE...] ...

A build may carry environment variables for its runs (e.g. `tiered=/tmp/pub,DOTNET_TieredPGO=0`) to compare runtime
settings on the same files. `--trace` prints, for one extra start per build, the service's log lines with the time since
process start (Information level), to see where the start goes.

PostgreSQL is started once (a throwaway cluster under /tmp, unless ConnectionStrings__Ledger names a server) and stays up;
each build's schema is applied once with `db-apply` and one unmeasured warm-up start runs (OS file cache, schema), then
every measured run starts `dotnet SharingLedger.dll` in Production with the operator key from configuration, polls
GET /consortia with X-Api-Key every 5 ms until it answers 200, and stops the process. Prints a Markdown table of the wall
time and of the CPU time (user + system) the service had used when the 200 arrived.
"""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request, urllib.error

KEY = "cold-start-operator-key-0123456789abcdef"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    versions = sorted((d for d in os.listdir("/usr/lib/postgresql") if d.isdigit()), key=int, reverse=True)
    return f"/usr/lib/postgresql/{versions[0]}/bin/{name}"


def as_postgres(args):
    return (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + args


def start_postgres(settings=""):
    """A throwaway cluster under /tmp; SETTINGS are more server options (`-c name=value ...`)."""
    root = tempfile.mkdtemp(prefix="sharingledger-coldstart-")
    os.chmod(root, 0o777)
    data = os.path.join(root, "pgdata")
    port = free_port()
    subprocess.run(as_postgres([pg_bin("initdb"), "-D", data, "-U", "ledger", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]),
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(as_postgres([pg_bin("pg_ctl"), "start", "-w", "-D", data, "-l", os.path.join(root, "pg.log"),
                                "-o", f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' {settings}"]),
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "ledger", "-d", "postgres", "-qc", "create database sharingledger"],
                   check=True) if shutil.which("psql") else None
    stop = lambda: (subprocess.run(as_postgres([pg_bin("pg_ctl"), "stop", "-D", data, "-m", "fast", "-w"]), stdout=subprocess.DEVNULL),
                    shutil.rmtree(root, ignore_errors=True))
    return f"Host=127.0.0.1;Port={port};Database=sharingledger;Username=ledger", stop


def env_for(connection, port, extra=None):
    env = dict(os.environ)
    env.update({
        "ASPNETCORE_ENVIRONMENT": "Production",
        # Production requires a folder for ASP.NET Data Protection's key ring (the SUSHI secrets are encrypted with it).
        "DataProtection__KeysPath": os.path.join(tempfile.gettempdir(), "sharingledger-coldstart-keys"),
        "ASPNETCORE_URLS": f"http://127.0.0.1:{port}",
        "ConnectionStrings__Ledger": connection,
        "Auth__OperatorKeys__0__Name": "cold-start",
        "Auth__OperatorKeys__0__Key": KEY,
        "Logging__LogLevel__Default": "Warning",
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
    })
    env.update(extra or {})
    return env


def cpu_seconds(pid):
    """User + system CPU the service used so far: less sensitive than wall time to other load on a shared machine."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_start(publish_dir, connection, extra=None, trace=False, timeout=180.0):
    port = free_port()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/consortia", headers={"X-Api-Key": KEY})
    extra = dict(extra or {})
    if trace:
        extra.update({"Logging__LogLevel__Default": "Information", "Logging__Console__FormatterName": "simple",
                      "Logging__Console__FormatterOptions__SingleLine": "true"})
    started = time.monotonic()
    proc = subprocess.Popen(["dotnet", os.path.join(publish_dir, "SharingLedger.dll")], cwd=publish_dir,
                            env=env_for(connection, port, extra), stdout=subprocess.PIPE if trace else subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    if trace:
        import threading
        def echo():
            for line in proc.stdout:
                print(f"  {time.monotonic() - started:7.3f} s  {line.decode(errors='replace').rstrip()[:160]}", file=sys.stderr)
        threading.Thread(target=echo, daemon=True).start()
    try:
        while time.monotonic() - started < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"{publish_dir} exited with {proc.returncode}: {proc.stderr.read().decode()[-3000:]}")
            try:
                with urllib.request.urlopen(request, timeout=5) as r:
                    if r.status == 200:
                        if trace:
                            print(f"  {time.monotonic() - started:7.3f} s  first 200", file=sys.stderr)
                        return time.monotonic() - started, cpu_seconds(proc.pid)
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.005)
        raise TimeoutError(f"{publish_dir}: no 200 within {timeout} s")
    finally:
        stop(proc, 10)


def stop(process, seconds):
    """Asks a started service to stop (SIGTERM) and waits SECONDS for it, then kills it."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def db_apply(publish_dir, connection):
    result = subprocess.run(["dotnet", os.path.join(publish_dir, "SharingLedger.dll"), "db-apply"], cwd=publish_dir,
                            env=env_for(connection, free_port()), capture_output=True, text=True)
    if result.returncode != 0:
        print(f"db-apply in {publish_dir} exited {result.returncode} (an older build may create its schema at start):\n"
              f"{result.stdout[-1500:]}{result.stderr[-1500:]}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--trace", action="store_true", help="print one start's log lines with their times")
    parser.add_argument("builds", nargs="+", help="LABEL=PUBLISH_DIR[,VAR=VALUE...]")
    args = parser.parse_args()

    connection = os.environ.get("ConnectionStrings__Ledger")
    stop = None
    if not connection:
        connection, stop = start_postgres()
    try:
        rows = []
        for spec in args.builds:
            label, rest = spec.split("=", 1)
            publish_dir, *settings = rest.split(",")
            extra = dict(setting.split("=", 1) for setting in settings)
            publish_dir = os.path.abspath(publish_dir)
            db_apply(publish_dir, connection)
            one_start(publish_dir, connection, extra)  # warm-up, not counted
            if args.trace:
                print(f"{label}: one traced start", file=sys.stderr)
                one_start(publish_dir, connection, extra, trace=True)
            times, cpus = [], []
            for i in range(args.runs):
                t, cpu = one_start(publish_dir, connection, extra)
                times.append(t)
                cpus.append(cpu)
                print(f"{label} run {i + 1}: {t:.3f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
            rows.append((label, times, cpus))
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        print(f"load average at the end: {load} (on {os.cpu_count()} CPUs)")
        print("| build | runs | wall median | wall min | wall max | CPU median | CPU min | CPU max |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for label, times, cpus in rows:
            print(f"| {label} | {len(times)} | {statistics.median(times):.2f} s | {min(times):.2f} s | {max(times):.2f} s "
                  f"| {statistics.median(cpus):.2f} s | {min(cpus):.2f} s | {max(cpus):.2f} s |")
    finally:
        if stop:
            stop()


if __name__ == "__main__":
    main()
