#!/usr/bin/env python3
"""Wall time of `migcheck inspect --format json` over a folder of migrations
against the peers issue 2 measures it by: `ruff check --select E9` (a
Rust parser, over all cores) and CPython's `ast.parse` of every file in one
process. Runs are interleaved round by round, so that a machine whose speed
drifts (a shared CI runner) slows all three alike, in a new order each round
so that no command always follows the same one (with a fixed order, the
ratio to ruff read a few percent better than with shuffled rounds on the same
machine); medians are printed.

Usage: scripts/benchmark_peers.py FOLDER [ROUNDS]   (builds release first, scripts/build_release.sh)
"""
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def wall(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    subprocess.run([str(ROOT / "scripts/build_release.sh")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    files = sorted(p for p in pathlib.Path(folder).rglob("*.py")
                   if p.parent.name == "migrations" and p.name != "__init__.py")
    parse_all = ("import ast, sys\n"
                 "for path in sys.argv[1:]:\n"
                 "    try: ast.parse(open(path, 'rb').read())\n"
                 "    except SyntaxError: pass\n")
    commands = {"migcheck inspect --format json": [str(ROOT / ".build/release/migcheck"), "inspect", "--format", "json", folder]}
    # pip puts ruff beside the interpreter; a version manager's `ruff` on PATH
    # may be a shim script (pyenv's adds about 10 ms to every run).
    beside = pathlib.Path(sys.executable).parent / "ruff"
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    if ruff and pathlib.Path(ruff).read_bytes()[:2] == b"#!":
        # A shim: time the binary it runs (under Python 3.13 the shim made ruff read twice as slow).
        real = subprocess.run(["pyenv", "which", "ruff"], capture_output=True, text=True).stdout.strip()
        ruff = real or ruff
    if ruff:
        commands["ruff check --select E9"] = [ruff, "check", "--select", "E9", "--isolated", "--no-cache", folder]
    commands["python ast.parse, one process"] = [sys.executable, "-c", parse_all] + [str(f) for f in files]
    times = {name: [] for name in commands}
    order = list(commands)
    shuffle = random.Random(0).shuffle
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            command = commands[name]
            # Every file is read again before each run: a host that reclaims
            # cold page cache (as this workplace's does within seconds) would
            # otherwise make some runs read from disk, at random.
            for f in files:
                f.read_bytes()
            times[name].append(wall(command))
    size = sum(f.stat().st_size for f in files) / 1e6
    print(f"{len(files)} files, {size:.2f} MB, {rounds} interleaved rounds, page cache warmed before each run:")
    ours = statistics.median(times["migcheck inspect --format json"])
    ours_best = min(times["migcheck inspect --format json"])
    for name, values in times.items():
        median, best = statistics.median(values), min(values)
        print(f"  {name:32} median {median * 1000:7.1f} ms ({median / ours:5.2f}x migcheck)"
              f"   best {best * 1000:7.1f} ms ({best / ours_best:5.2f}x)")


if __name__ == "__main__":
    main()
