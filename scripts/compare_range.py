#!/usr/bin/env python3
"""Checks `migcheck OLDER..NEWER` against git and Django on a real repository.

For each pair of consecutive tags given (or OLDER NEWER): the migrations
migcheck calls added, renamed or deleted must be exactly the migration files
`git diff --name-status -M` shows between the tags, and each rollback target
must be the app's leaf in Django's own MigrationLoader over the older tag's
migrations (exported with ../shared/tools/export_migrations.sh). Needs Django
(pip install django).

usage: scripts/compare_range.py REPO TAG1 TAG2 [TAG3 ...]
"""
import json
import os
import subprocess
import sys
import tempfile

from django_loader import django_graph

here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.join(here, "..", ".build", "release", "migcheck")
exporter = os.path.join(here, "..", "..", "shared", "tools", "export_migrations.sh")
repo, tags = sys.argv[1], sys.argv[2:]


def app_and_name(path):
    """The app folder (the one holding `migrations/`) and the file name."""
    parts = path.split("/")
    return tuple(parts[-3:-2] + parts[-1:])


def is_migration(path):
    parts = path.split("/")
    # Django's loader skips modules named _... or ~...
    return len(parts) >= 2 and parts[-2] == "migrations" and parts[-1].endswith(".py") and parts[-1][0] not in "_~"


failures = 0
for older, newer in zip(tags, tags[1:]):
    report = json.loads(subprocess.run([binary, "-C", repo, f"{older}..{newer}", "--format", "json", "--no-config",
                                        "--fail-on", "never"], capture_output=True, text=True).stdout)
    ours_new = {c["path"] for c in report["changes"] if c["kind"] in ("added", "renamed", "squash")}
    ours_gone = {c["path"] for c in report["changes"] if c["kind"] in ("deleted", "deleted-replaced")}
    git_new, git_gone = set(), set()
    diff = subprocess.run(["git", "-C", repo, "diff", "--name-status", "-M", older, newer, "--", ":(glob)**/migrations/*.py"],
                          capture_output=True, text=True).stdout
    for line in diff.splitlines():
        status, *paths = line.split("\t")
        if status[0] == "A" and is_migration(paths[0]):
            git_new.add(paths[0])
        elif status[0] == "D" and is_migration(paths[0]):
            git_gone.add(paths[0])
        elif status[0] == "R":
            if is_migration(paths[1]) and not (is_migration(paths[0]) and app_and_name(paths[0]) == app_and_name(paths[1])):
                git_new.add(paths[1])
            # Git pairs similar files; only an identical one under a migration's name is a rename to migcheck.
            if is_migration(paths[0]) and (not is_migration(paths[1]) or (status != "R100" and app_and_name(paths[0]) != app_and_name(paths[1]))):
                git_gone.add(paths[0])
    # A migration only moved to another folder keeps its app and name: not new
    # to Django. One that git pairs with a file of another app is new.
    moved = {p for p in git_new if p not in ours_new and app_and_name(p) in {app_and_name(q) for q in git_gone}}
    same_files = ours_new == git_new - moved and ours_gone == git_gone
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["bash", exporter, repo, folder, older], capture_output=True, check=True)
        # Apps' labels come from their apps.py, or the package's __init__.py
        # (a Pulp plugin's AppConfig), which the exporter leaves out.
        tree = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", older], capture_output=True, text=True).stdout
        for path in tree.splitlines():
            if path.endswith(("/apps.py", "/__init__.py")) and os.path.isdir(os.path.join(folder, os.path.dirname(path), "migrations")):
                with open(os.path.join(folder, path), "wb") as out:
                    out.write(subprocess.run(["git", "-C", repo, "show", f"{older}:{path}"], capture_output=True).stdout)
        inspect = json.loads(subprocess.run([binary, "inspect", "--format", "json", folder], capture_output=True, text=True).stdout)
    loader = django_graph(inspect)
    leaves = {}
    for app, name in loader.graph.leaf_nodes():
        leaves.setdefault(app, []).append(name)
    targets_ok = all(step["target"] == (max(leaves[step["app"]]) if step["app"] in leaves else "zero") for step in report["rollback_plan"])
    ok = same_files and targets_ok
    failures += not ok
    print(f"{older}..{newer}: {len(ours_new)} new migrations (git: {len(git_new)}), {len(ours_gone)} deleted (git: {len(git_gone)}), "
          f"{len(report['rollback_plan'])} rollback steps; files {'agree' if same_files else 'DIFFER'}, "
          f"targets {'agree' if targets_ok else 'DIFFER'} with Django's leaves")
    if not same_files:
        print("  only migcheck:", sorted(ours_new - git_new)[:5], " only git:", sorted(git_new - ours_new - moved)[:5])
sys.exit(1 if failures else 0)
