#!/usr/bin/env python3
"""CPU seconds of the benchmark, the server and PostgreSQL, phase by phase, for one benchmark run.

    python3 bench/tools/cpu_by_process.py OUT -- --records 300000 --scenario ids --provider postgres

Runs `dotnet run -c Release --no-build --project bench/OpenLeads.Bench -- ARGS` (build it first), reads each
process's user + system time from /proc/PID/stat every 0.25 s and adds it to the phase the run is in:
"seed" until the benchmark prints "built", "floor" until a server process appears (the floor and the
database copies), "server" while one runs, "after" once it is gone. Writes OUT.cpu.json and prints it.
With PERF=1 it also records `perf record -a -g` for 6 s from 1.5 s after the server appears (OUT.perf.data;
start the run with DOTNET_PerfMapEnabled=1 so that perf can name the JIT's code).
Linux only; a measuring aid, not part of the benchmark's results.
"""
import json
import os
import subprocess
import sys
import threading
import time

if len(sys.argv) < 3 or sys.argv[2] != "--":
    sys.exit("usage: cpu_by_process.py OUT -- BENCH-ARGS...")
out, args = sys.argv[1], sys.argv[3:]
tick = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick
    except OSError:
        return None


def processes():
    kinds = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = open(f"/proc/{entry}/cmdline").read().replace("\0", " ")
        except OSError:
            continue
        if "OpenLeads.Server" in command:
            kinds[int(entry)] = "server"
        elif "OpenLeads.Bench" in command:
            kinds[int(entry)] = "bench"
        elif command.startswith("postgres") or "/postgres" in command.split(" ")[0]:
            kinds[int(entry)] = "postgres"
    return kinds


bench = subprocess.Popen(["dotnet", "run", "-c", "Release", "--no-build", "--project", "bench/OpenLeads.Bench", "--"] + args,
                         stdout=subprocess.PIPE, text=True)
built = threading.Event()


def echo():
    for line in bench.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        if " built " in line:
            built.set()


threading.Thread(target=echo, daemon=True).start()
last, phases, server_since, perf = {}, {}, None, None
while bench.poll() is None:
    kinds = processes()
    if "server" in kinds.values():
        server_since = server_since or time.time()
        if perf is None and os.environ.get("PERF") and time.time() - server_since > 1.5:
            perf = subprocess.Popen(["perf", "record", "-a", "-g", "-F", "499", "-o", out + ".perf.data", "--", "sleep", "6"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        phase = "server"
    else:
        phase = "after" if server_since else ("floor" if built.is_set() else "seed")
    now = {pid: cpu_seconds(pid) for pid in kinds}
    totals = phases.setdefault(phase, {"_wall": 0.0})
    for pid, kind in kinds.items():
        if now[pid] is not None and pid in last:
            totals[kind] = totals.get(kind, 0.0) + now[pid] - last[pid]
    totals["_wall"] += 0.25
    last = {pid: seconds for pid, seconds in now.items() if seconds is not None}
    time.sleep(0.25)
rounded = {phase: {kind: round(seconds, 2) for kind, seconds in totals.items()} for phase, totals in phases.items()}
json.dump(rounded, open(out + ".cpu.json", "w"), indent=1)
print(json.dumps(rounded, indent=1))
