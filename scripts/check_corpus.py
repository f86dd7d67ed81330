#!/usr/bin/env python3
"""Runs `migcheck check` on real projects the way a release gate does: for
each project folder under CORPUS, the newest fifth of every app's migrations
is checked against the state replayed from all of them. Prints the levels and
the findings per rule, and writes samples of each rule's messages to
SAMPLES (JSON) for reviewing false alarms.

usage: scripts/check_corpus.py CORPUS [SAMPLES] [ENGINE]
MIGCHECK=PATH runs another build (the one before a change, to compare counts).
"""
import collections
import json
import os
import subprocess
import sys

corpus = sys.argv[1]
samples_path = sys.argv[2] if len(sys.argv) > 2 else "/tmp/migcheck-samples.json"
engine = sys.argv[3] if len(sys.argv) > 3 else "postgresql"
binary = os.environ.get("MIGCHECK", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "migcheck"))
totals = collections.Counter()
samples = collections.defaultdict(list)
for project in sorted(os.listdir(corpus)):
    root = os.path.join(corpus, project)
    apps = collections.defaultdict(list)
    for folder, _, files in os.walk(root):
        if folder.endswith("/migrations"):
            apps[folder] += [os.path.join(folder, f) for f in files if f.endswith(".py") and not f.startswith("_")]
    picked = []
    for files in apps.values():
        files.sort()
        picked += files[-max(1, len(files) // 5):]
    if not picked:
        print(f"{project}: no migrations")
        continue
    run = subprocess.run([binary, "check", "--no-config", "--fail-on", "never", "--engine", engine, "--format", "json",
                          "--project", root] + picked, capture_output=True, text=True)
    report = json.loads(run.stdout)
    counts = collections.Counter()
    for migration in report["migrations"]:
        for finding in migration["findings"]:
            counts[finding["rule"]] += 1
            samples[finding["rule"]].append((migration["path"], finding["line"], finding["message"]))
    totals.update(counts)
    print(f"{project}: {len(picked)} files, revert {report['levels']['revert']}, "
          f"maintenance {report['levels']['maintenance']}, {sum(counts.values())} findings")
print("findings per rule:", ", ".join(f"{rule} {n}" for rule, n in sorted(totals.items())))
with open(samples_path, "w") as out:
    json.dump(samples, out, indent=1)
