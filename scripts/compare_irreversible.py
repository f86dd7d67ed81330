#!/usr/bin/env python3
"""Checks that `migcheck check` calls irreversible exactly the migrations
Django refuses to un-apply, with Python's own `ast` as the independent judge.

Django raises IrreversibleError before un-applying a migration that has a
top-level RunPython without reverse_code or RunSQL without reverse_sql
(Migration.unapply checks `operation.reversible`). ../shared/tools/ast_oracle.py
reads every file with `ast` and reports those arguments; this script derives
the irreversible migrations from it and compares them with the migrations
migcheck scores `irreversible`, per project folder of CORPUS.

usage: scripts/compare_irreversible.py CORPUS
"""
import json
import os
import subprocess
import sys

corpus = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
oracle_tool = os.path.join(here, "..", "..", "shared", "tools", "ast_oracle.py")
binary = os.path.join(here, "..", ".build", "release", "migcheck")
agree = total = 0
for project in sorted(os.listdir(corpus)):
    root = os.path.join(corpus, project)
    lines = subprocess.run([sys.executable, oracle_tool, "--root", corpus, root], capture_output=True, text=True).stdout
    expected = set()
    for line in lines.splitlines():
        record = json.loads(line)
        for op in record.get("operations", []):
            args = op.get("args", {})
            if op.get("known") and op["type"] == "RunPython" and not args.get("reverse_code_present"):
                expected.add(os.path.join(corpus, record["path"]))
            if op.get("known") and op["type"] == "RunSQL" and not args.get("reverse_sql_present"):
                expected.add(os.path.join(corpus, record["path"]))
    report = json.loads(subprocess.run([binary, "check", "--no-config", "--fail-on", "never", "--format", "json",
                                        "--project", root, root], capture_output=True, text=True).stdout)
    scored = {m["path"] for m in report["migrations"] if m["levels"]["revert"] == "irreversible"}
    checked = {m["path"] for m in report["migrations"]}
    expected &= checked  # files migcheck does not load as migrations (duplicates, helpers) are left out
    total += len(checked)
    agree += len(checked) - len(expected ^ scored)
    print(f"{project}: {len(checked)} migrations, {len(expected)} irreversible per ast, {len(scored)} per migcheck")
    for path in sorted(expected - scored):
        print("  missed:", path)
    for path in sorted(scored - expected):
        print("  extra: ", path)
print(f"agreement: {agree}/{total} migrations")
