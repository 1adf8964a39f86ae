#!/usr/bin/env python3
"""Runs each command N times, the commands in turn, and prints the min and median CPU time
(user + sys, from wait4: milliseconds, where /usr/bin/time rounds to 10 ms) and wall time.

    python3 Tests/Benchmarks/runs.py 10 "BEFORE rules check --home ." "AFTER rules check --home ."

Commands are split on blanks (no quoting); stdout and stderr go to /dev/null."""
import os, sys, time, statistics, subprocess
def run(argv):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)
        os.execv(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return (ru.ru_utime + ru.ru_stime) * 1000, wall * 1000
n = int(sys.argv[1]); cmds = [c.split() for c in sys.argv[2:]]
res = {i: [] for i in range(len(cmds))}
for _ in range(n):
    for i, c in enumerate(cmds): res[i].append(run(c))
print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
for i, c in enumerate(cmds):
    cpu = sorted(r[0] for r in res[i]); wall = sorted(r[1] for r in res[i])
    print(f"{' '.join(c)[:90]:90s} CPU min {cpu[0]:6.1f} med {statistics.median(cpu):6.1f}  wall min {wall[0]:6.1f} med {statistics.median(wall):6.1f} ms")
