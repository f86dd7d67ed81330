#!/usr/bin/env python3
"""Compares `migcheck inspect --format json` with ../shared/tools/ast_oracle.py.

Usage:
  python3 ../shared/tools/ast_oracle.py --root ROOT -o oracle.jsonl ROOT/*
  migcheck inspect --format json ROOT > migcheck.json
  python3 scripts/compare_oracle.py ROOT oracle.jsonl migcheck.json

Prints how many operations agree (type, line, column, Django-ness, named
arguments, field class/null/default, RunPython/RunSQL forms, nested
operations) and dependency lists, then the first mismatches.
"""
import json, sys
root = sys.argv[1]
oracle = {}
for line in open(sys.argv[2]):
    r = json.loads(line); oracle[r['path']] = r
me = json.load(open(sys.argv[3]))
def bytecol_to_charcol(path, line, bcol):
    data = open(path,'rb').read().split(b'\n')
    # handle CR? assume LF
    l = data[line-1] if line-1 < len(data) else b''
    return len(l[:bcol-1].decode('utf-8','replace')) + 1
ops_total = ops_agree = wrappers = 0
files = 0; mism = []
def cmp_op(o, m, path):
    # returns list of differences
    diffs = []
    if o['type'] != m['type'] and not (o['type'] == '<dynamic>' or o['type']=='<starred>'):
        diffs.append(('type', o['type'], m['type']))
    if o.get('line') != m.get('line'): diffs.append(('line', o.get('line'), m.get('line')))
    elif o.get('col') and bytecol_to_charcol(path, o['line'], o['col']) != m.get('column'):
        diffs.append(('col', o['col'], m.get('column')))
    if o.get('known') != m.get('django') and o['type'] not in ('<dynamic>','<starred>'):
        diffs.append(('known', o.get('known'), m.get('django')))
    oa = o.get('args', {}); ma = m.get('args', {})
    for k, v in oa.items():
        if k in ('reverse_code_present','reverse_sql_present','field_class','field_callee','field_positional_count','field_kwargs_present','null','has_default','has_db_default','field_to','options_keys','index_class','index_name','index_fields','constraint_class','constraint_name'):
            continue
        if k in ('fields',):
            mf = ma.get('fields')
            if isinstance(v, list):
                if not isinstance(mf, list) or len(mf) != len(v): diffs.append(('fields', len(v), mf if not isinstance(mf,list) else len(mf)))
                else:
                    for a, b in zip(v, mf):
                        if (a['name'] != b[0] and not (a['name'] == '<dynamic>' and isinstance(b[0], dict))) or (a['field_class'] != '<dynamic>' and (not isinstance(b[1], dict) or b[1].get('class') != a['field_class'])):
                            diffs.append(('fieldentry', a['name'], str(b)[:60]))
            continue
        mv = ma.get(k, '<absent>')
        if k in ('code','reverse_code'):
            if v is None: ok = mv is None
            elif isinstance(mv, dict): ok = mv.get('callable') == v or mv.get('noop') == v or (v == '<lambda>' and mv.get('kind')=='lambda') or (v=='<dynamic>' and 'expr' in mv)
            else: ok = False
            if not ok: diffs.append((k, v, mv))
            continue
        if k in ('sql','reverse_sql'):
            if v is None: ok = mv is None
            elif v == '<noop>': ok = isinstance(mv, dict) and 'noop' in mv
            elif v == '<dynamic>': ok = isinstance(mv, dict) and ('expr' in mv or 'sql' in mv)
            elif isinstance(v, str): ok = isinstance(mv, dict) and mv.get('sql') == [v]
            else:
                got = mv.get('sql') if isinstance(mv, dict) else None
                ok = got is not None and len(got) == len(v) and all((x == '<dynamic>') or (g == x) or (isinstance(g, dict) and g.get('sql') == x) for x, g in zip(v, got))
            if not ok: diffs.append((k, str(v)[:60], str(mv)[:60]))
            continue
        if v == '<dynamic>':
            continue
        if norm(mv) != norm(v) and not (isinstance(v, list) and isinstance(mv, dict) and 'set' in mv and sorted(map(str,norm(v))) == sorted(map(str,norm(mv)))): diffs.append((k, str(v)[:60], str(mv)[:60]))
    if 'field_class' in oa:
        f = ma.get('field')
        if oa['field_class'] != '<dynamic>':
            if not isinstance(f, dict) or f.get('class') != oa['field_class']: diffs.append(('field_class', oa['field_class'], str(f)[:60]))
            else:
                kw = f.get('kwargs', {})
                if 'null' in oa and oa['null'] != '<dynamic>' and kw.get('null') != oa['null']: diffs.append(('null', oa['null'], kw.get('null')))
                if oa.get('has_default') != ('default' in kw): diffs.append(('has_default',))
    on = o.get('nested', {}); mn = m.get('nested', {})
    for k, v in on.items():
        if v == '<dynamic>': continue
        if k not in mn or len(mn[k]) != len(v): diffs.append(('nested', k, len(v), len(mn.get(k, []))))
        else:
            for a, b in zip(v, mn[k]):
                diffs.extend(cmp_op(a, b, path))
    return diffs
def norm(v):
    if isinstance(v, tuple): return [norm(x) for x in v]
    if isinstance(v, list): return [norm(x) for x in v]
    if isinstance(v, dict) and 'set' in v: return sorted([norm(x) for x in v['set']], key=str)
    if isinstance(v, dict) and v.get('call') == 'set' and not v.get('args'): return []
    return v
by = {f['path']: f for f in me['files']}
dep_bad = 0
for path, o in oracle.items():
    full = root + '/' + path
    m = by.get(full)
    if m is None: mism.append((path, 'missing')); continue
    if not o.get('parse_ok'):
        continue
    files += 1
    if any(d['code'] == 'MC001' for d in m['diagnostics']): mism.append((path, 'syntax error reported', m['diagnostics'][0]))
    if not o['migration_class_found']:
        if m['status'] != 'skipped': mism.append((path, 'should skip'))
        continue
    if m['status'] != 'migration': mism.append((path, 'not migration', m.get('skipped_reason'))); continue
    def dep(d):
        if isinstance(d, list): return d
        if isinstance(d, str) and d.startswith('swappable:'): return {'swappable': d[len('swappable:'):]}
        return '<dynamic>'
    def mdep(d):
        if isinstance(d, dict) and 'dynamic' in d: return '<dynamic>'
        return d
    for attr in ('dependencies','replaces','run_before'):
        if [dep(x) for x in o[attr]] != [mdep(x) for x in m[attr]]:
            dep_bad += 1; mism.append((path, attr, o[attr][:3], m[attr][:3]))
    oo = o['operations']; mo = m['operations']
    ops_total += len(oo)
    if len(oo) != len(mo):
        mism.append((path, 'op count', len(oo), len(mo))); continue
    for a, b in zip(oo, mo):
        d = cmp_op(a, b, full)
        if d: mism.append((path, a['type'], a.get('line'), d[:3]))
        else: ops_agree += 1
        # The oracle calls an operation Django's by its last name; a project's
        # wrapper (AWX's dbawaremigrations.RunSQL) is custom to migcheck, by design.
        if d and d[0] == ('known', True, False): wrappers += 1
print(f"files compared {files}; operations {ops_total}; agreeing {ops_agree} ({100*ops_agree/max(1,ops_total):.3f}%); dependency mismatches {dep_bad}")
if wrappers:
    print(f"  of the rest, {wrappers} are project wrappers named like Django's operations (custom to migcheck); "
          f"agreeing on the others: {100*ops_agree/max(1,ops_total-wrappers):.3f}%")
for x in mism[:40]: print(x)
print(len(mism), "mismatches")
