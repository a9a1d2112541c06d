#!/usr/bin/env python3
"""Per-stage timings of full builds, as the median of several runs (standard library only).

  bench/stages.py BIN RUNS SITE [SITE ...]

Runs `BIN build --root SITE --output /dev/shm/samkort-stages --timings` RUNS times per site and
prints one Markdown table: a row per stage (and per kind of output: time summed over threads),
a column per site with the median in milliseconds, and the time per card in microseconds for
each stage. One run's stage times move by 10-20 % on a shared machine; the median of five is
steady enough to see whether a stage grows faster than the site.
"""
import re, shutil, statistics, subprocess, sys
from pathlib import Path

OUT = "/dev/shm/samkort-stages"


def timings(binary, site):
    shutil.rmtree(OUT, ignore_errors=True)
    err = subprocess.run([binary, "build", "--root", site, "--output", OUT, "--timings"],
                         capture_output=True, text=True, check=True).stderr
    stages, cards = {}, 0
    for line in err.splitlines():
        if m := re.match(r"\s*(\w+)\s+([\d.]+) ms$", line):
            stages[m[1]] = float(m[2])
        elif m := re.match(r"\s*draw (.+): ([\d.]+) ms of thread time$", line):
            stages["  " + m[1]] = float(m[2])
        elif m := re.match(r"built (\d+) cards", line):
            cards = int(m[1])
    return stages, cards


def main():
    binary, runs, sites = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    columns = []
    for site in sites:
        results = [timings(binary, site) for _ in range(runs)]
        cards = results[0][1]
        med = {k: statistics.median(r[0].get(k, 0.0) for r in results) for k in results[0][0]}
        columns.append((cards, med))
    shutil.rmtree(OUT, ignore_errors=True)
    names = list(columns[0][1])
    head = " | ".join(f"{c:,} cards: ms (µs/card)" for c, _ in columns)
    print(f"| stage | {head} |")
    print("| --- |" + " --- |" * len(columns))
    for name in names:
        if all(col[1].get(name, 0.0) < 0.05 for col in columns):
            continue
        cells = " | ".join(f"{m.get(name, 0.0):.1f} ({m.get(name, 0.0) * 1000 / c:.1f})" for c, m in columns)
        label = name.strip() if name.startswith("  ") else f"**{name}**"
        print(f"| {'draw: ' + label if name.startswith('  ') else label} | {cells} |")


if __name__ == "__main__":
    main()
