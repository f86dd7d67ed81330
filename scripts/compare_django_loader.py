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
  python3 scripts/compare_django_loader.py inspect.json graph.json [AUTH_USER_MODEL [SETTING=app.Model ...]]

SETTING=app.Model sets a swapper setting (OPENWISP_RADIUS_NAS_MODEL=sample_radius.Nas)
for Django; give migcheck the same in [tool.migcheck.swappable-models].
"""
import json, sys
from django_loader import django_graph

inspect = json.load(open(sys.argv[1]))
graph = json.load(open(sys.argv[2]))
swappable = dict(a.split("=", 1) for a in sys.argv[4:])
loader = django_graph(inspect, sys.argv[3] if len(sys.argv) > 3 else "auth.User", swappable)
g = loader.graph
ours_leaves = sorted((a["app"], l) for a in graph["apps"] for l in a["leaves"])
print("leaves equal:", sorted(g.leaf_nodes()) == ours_leaves, len(ours_leaves))
plan, seen = [], set()
for leaf in g.leaf_nodes():
    for k in g.forwards_plan(leaf):
        if k not in seen:
            seen.add(k); plan.append(k)
print("plan equal:", [f"{a}.{n}" for a, n in plan] == graph["plan"], len(plan))
print("conflicting apps:", sorted(loader.detect_conflicts()))
