#!/usr/bin/env python3
"""Checks `migcheck graph` against Django's own graph algorithms.

Needs Django installed (pip install django); reads no settings and imports
no project: it rebuilds the graph from migcheck's JSON with
django.db.migrations.graph.MigrationGraph and compares the leaves, the
forwards plan of `migrate`, and the backwards plans of `migrate APP TARGET`
for a sample of targets (run from the package root, after swift build).

Usage:
  migcheck graph --format json PROJECT > graph.json
  python3 scripts/compare_django_graph.py graph.json PROJECT [GRAPH OPTIONS, e.g. --user-model accounts.User]
"""
import json, sys
from django.db.migrations.graph import MigrationGraph
d = json.load(open(sys.argv[1]))
g = MigrationGraph()
def key(s):
    app, name = s.split('.', 1)
    return (app, name)

for a in d['apps']:
    for m in a['migrations']:
        g.add_node((a['app'], m['name']), None)
for a in d['apps']:
    for m in a['migrations']:
        for dep in m['dependencies']:
            g.add_dependency(None, (a['app'], m['name']), key(dep))
leaves = g.leaf_nodes()
ours = sorted((a['app'], l) for a in d['apps'] for l in a['leaves'])
print('leaves equal:', sorted(leaves) == ours, len(ours))
plan = []
seen = set()
for leaf in leaves:
    for k in g.forwards_plan(leaf):
        if k not in seen:
            seen.add(k); plan.append(k)
print('forwards plan equal:', [f"{a}.{n}" for a, n in plan] == d['plan'], len(plan))
import random, subprocess
random.seed(1)
nodes = sorted(g.nodes)
ok = 0; n = 0
for target in random.sample(nodes, min(25, len(nodes))) + [(a['app'], None) for a in d['apps'][:5]]:
    app, name = target
    if name is None:
        starts = g.root_nodes(app)
    else:
        starts = sorted(c for c in g.node_map[target].children if c[0] == app)
    plan = []; seen = set()
    for s in starts:
        for k in g.backwards_plan(s):
            if k not in seen: seen.add(k); plan.append(k)
    out = subprocess.run(['.build/debug/migcheck', 'graph', '--format', 'json'] + (sys.argv[3:] if len(sys.argv) > 3 else []) + ['--unapply', f"{app}:{name or 'zero'}", sys.argv[2]], capture_output=True, text=True).stdout
    ours = json.loads(out)['unapply']['migrations']
    n += 1
    if ours == [f"{a}.{b}" for a, b in plan]: ok += 1
    else: print('differs for', target, ours[:5], plan[:5])
print('backwards plans equal:', ok, 'of', n)
