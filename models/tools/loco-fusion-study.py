#!/usr/bin/env python3
"""4-class LOCO UA of fusion variants over the answers `bench emotion --loco --prosody --dump-answers` writes.

Usage: loco-fusion-study.py BASE_DIR [OTHER_DIR | --weighted] (numpy). OTHER_DIR: a run with the same CNN folds (e.g.
--rhythm); members: c (CNN), v (voice head), p (prosody head) from BASE; r = OTHER's prosody head. --weighted: the
three members of BASE fused with weights from each member's own confidence (entropy or top-two margin) instead."""
import glob, os, sys, itertools
import numpy as np
SH = [0, 3, 4, 6]  # angry happy neutral sad

def lsm(z):
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))

PRED = [0, 1, 2, 3, 4, 6, 7]
def load(d):
    out = {}
    for f in sorted(glob.glob(os.path.join(d, 'answers-*-test.npy'))):
        a = np.load(f).astype(np.float64)
        y = a[:, 1].astype(int)
        z = np.full((len(a), 9), -np.inf); z[:, PRED] = a[:, 2:11][:, PRED]
        m = {'c': lsm(z[:, PRED])}
        names = 'vpxyz'
        for k in range((a.shape[1] - 11) // 9):
            m[names[k]] = lsm(a[:, 11 + 9 * k:20 + 9 * k][:, PRED])
        out[os.path.basename(f)[len('answers-'):-len('-test.npy')]] = (y, m)
    return out

def ua4(y, lp):
    idx = [PRED.index(c) for c in SH]
    keep = np.isin(y, SH)
    pred = np.array(SH)[lp[keep][:, idx].argmax(1)]
    yy = y[keep]
    return np.mean([np.mean(pred[yy == c] == c) for c in SH if (yy == c).any()])

base = load(sys.argv[1])
weighted = len(sys.argv) > 2 and sys.argv[2] == '--weighted'
other = load(sys.argv[2]) if len(sys.argv) > 2 and not weighted else {}


def confidence(lp, kind, power):
    """A member's per-clip weight: one minus its normalised entropy, or the margin of its top two log-probabilities."""
    if kind == 'ent':
        h = -(np.exp(lp) * lp).sum(1) / np.log(lp.shape[1])
        return (1 - h + 1e-3) ** power
    s = np.sort(lp, 1)
    return (s[:, -1] - s[:, -2]) ** power + 1e-6


if weighted:
    rules = {'mean': None}
    rules.update({'ent%g' % q: ('ent', q) for q in (0.5, 1, 2, 4)})
    rules.update({'marg%g' % q: ('marg', q) for q in (0.5, 1)})
    print('%-16s' % 'corpus' + ''.join('%9s' % r for r in rules))
    tot = {r: [] for r in rules}
    for c, (y, m) in base.items():
        row = []
        for r, rule in rules.items():
            if rule is None:
                lp = sum(m[k] for k in 'cvp') / 3
            else:
                ws = {k: confidence(m[k], *rule)[:, None] for k in 'cvp'}
                lp = sum(ws[k] * m[k] for k in 'cvp') / sum(ws.values())
            u = ua4(y, lp)
            tot[r].append(u)
            row.append(u)
        print('%-16s' % c + ''.join('%9.1f' % (100 * u) for u in row))
    print('%-16s' % 'MEAN' + ''.join('%9.1f' % (100 * np.mean(tot[r])) for r in rules))
    print('%-16s' % 'LOWEST' + ''.join('%9.1f' % (100 * np.min(tot[r])) for r in rules))
    sys.exit(0)
for c in base:
    if c in other:
        assert (other[c][0] == base[c][0]).all()
        base[c][1]['r'] = other[c][1]['p']
        # sanity: CNN identical
        print(c, 'cnn max diff', np.abs(other[c][1]['c'] - base[c][1]['c']).max(), file=sys.stderr)
variants = ['c', 'v', 'p', 'cvp', 'cv']
if other:
    variants += ['r', 'cvr', 'cvpr', 'cpr', 'cr']
print('%-16s' % 'corpus' + ''.join('%8s' % v for v in variants))
tot = {v: [] for v in variants}
for c, (y, m) in base.items():
    row = []
    for v in variants:
        lp = sum(m[k] for k in v) / len(v)
        u = ua4(y, lp); tot[v].append(u); row.append(u)
    print('%-16s' % c + ''.join('%8.1f' % (100 * u) for u in row))
print('%-16s' % 'MEAN' + ''.join('%8.1f' % (100 * np.mean(tot[v])) for v in variants))
print('%-16s' % 'LOWEST' + ''.join('%8.1f' % (100 * np.min(tot[v])) for v in variants))
