#!/usr/bin/env python3
"""Checks `migcheck graph` against Django's own MigrationLoader.build_graph.

Needs Django installed (pip install django), no project settings: the
migrations migcheck extracted (inspect JSON) are handed to the real loader,
which resolves squashes, __first__/__latest__ and swappable dependencies
itself; its leaves, its `migrate` plan and its conflicts are compared with
migcheck's graph. Apps that are depended on but have no migrations in the
set (Django's own, third-party ones) are treated as installed elsewhere.

Usage:
  migcheck inspect --format json PROJECT > inspect.json
  migcheck graph --format json PROJECT > graph.json
  python3 scripts/compare_django_loader.py inspect.json graph.json [AUTH_USER_MODEL]
"""
import json, sys
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=[], DATABASES={}, AUTH_USER_MODEL=sys.argv[3] if len(sys.argv) > 3 else "auth.User")
django.setup()
from django.db.migrations.loader import MigrationLoader
from django.db.migrations import Migration

inspect = json.load(open(sys.argv[1]))
graph = json.load(open(sys.argv[2]))
user_app = settings.AUTH_USER_MODEL.split(".")[0]

class Loader(MigrationLoader):
    def load_disk(self):
        self.disk_migrations = {}
        self.unmigrated_apps = set()
        self.migrated_apps = set()
        for f in inspect["files"]:
            if f["status"] != "migration":
                continue
            m = Migration(f["name"], f["app"])
            deps = []
            for d in f["dependencies"]:
                if isinstance(d, list):
                    deps.append(tuple(d))
                elif "swappable" in d:
                    deps.append((user_app, "__first__"))
            m.dependencies = deps
            m.replaces = [tuple(r) for r in f["replaces"] if isinstance(r, list)]
            m.run_before = [tuple(r) for r in f["run_before"] if isinstance(r, list)]
            key = (f["app"], f["name"])
            if key in self.disk_migrations:
                continue
            self.disk_migrations[key] = m
            self.migrated_apps.add(f["app"])
        # Apps depended on but not here are Django's or third-party ones: loaded from packages, not checked here.
        for m in self.disk_migrations.values():
            for app, _ in m.dependencies:
                if app not in self.migrated_apps:
                    self.unmigrated_apps.add(app)

    def add_external_dependencies(self, key, migration):
        migration.dependencies = [d for d in migration.dependencies if d[0] not in self.unmigrated_apps or d[1] == "__first__"]
        super().add_external_dependencies(key, migration)

loader = Loader(None, load=False)
loader.build_graph()
g = loader.graph
ours_leaves = sorted((a["app"], l) for a in graph["apps"] for l in a["leaves"])
print("leaves equal:", sorted(g.leaf_nodes()) == ours_leaves, len(ours_leaves))
plan, seen = [], set()
for leaf in g.leaf_nodes():
    for k in g.forwards_plan(leaf):
        if k not in seen:
            seen.add(k); plan.append(k)
print("plan equal:", [f"{a}.{n}" for a, n in plan] == graph["plan"], len(plan))
print("conflicts:", loader.detect_conflicts())
