#!/usr/bin/env python3
"""Cross-corpus calibration study on the answers `bench emotion --loco --prosody --dump-answers --out DIR` writes.

For each held-out corpus h every calibrator is fitted on the OTHER nine folds' held-out answers (corpora their models
never saw; never on h's clips or labels) and scored on h by the 7-class top-probability ECE (15 bins), as LocoRun's
cross-corpus temperature is. Usage: loco-calibration-study.py DIR   (numpy and scipy)
"""
import glob, os, sys
import numpy as np
from scipy.optimize import minimize

PRED = [0, 1, 2, 3, 4, 6, 7]  # angry disgusted fearful happy neutral sad surprised (Emotion ordinals)
TS = np.exp(np.linspace(np.log(0.3), np.log(3), 120))


def lsm(z):
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def load(d):
    """corpus -> (7-class label index or -1, CNN log-probs, [head log-probs]) from answers-CORPUS-test.npy."""
    out = {}
    for f in sorted(glob.glob(os.path.join(d, 'answers-*-test.npy'))):
        a = np.load(f).astype(np.float64)
        index = {c: i for i, c in enumerate(PRED)}
        y = np.array([index.get(int(v), -1) for v in a[:, 1]])
        heads = [lsm(a[:, 11 + 9 * k:20 + 9 * k][:, PRED]) for k in range((a.shape[1] - 11) // 9)]
        out[os.path.basename(f)[len('answers-'):-len('-test.npy')]] = (y, lsm(a[:, 2:11][:, PRED]), heads)
    return out


def fused(c, hs):
    return sum([c] + hs) / (1 + len(hs))  # VoiceHead.fuse: the mean of the members' log-probabilities


def ece(conf, right, bins=15):
    edges, e = np.linspace(0, 1, bins + 1), 0.0
    for i in range(bins):
        m = (conf > edges[i]) & (conf <= edges[i + 1]) if i else conf <= edges[1]
        if m.any():
            e += m.mean() * abs(conf[m].mean() - right[m].mean())
    return e


def top(z, t=1.0, bias=None):
    p = np.exp(lsm(z / t + (0 if bias is None else bias)))
    b = p.argmax(1)
    return p[np.arange(len(b)), b], b


def nll(z, y, w, t, bias=None):
    p, m = lsm(z / t + (0 if bias is None else bias)), y >= 0
    return -(w[m] * p[np.arange(len(y)), np.clip(y, 0, None)][m]).sum() / w[m].sum()


def lg(q):
    q = np.clip(q, 1e-6, 1 - 1e-6)
    return np.log(q / (1 - q))


def clip_features(z, c, hs, t):
    """Per clip: logit of the fused top probability, share of members agreeing with it, members' mean and least
    probability of it."""
    conf, b = top(z, t)
    members = [c] + hs
    agree = sum((x.argmax(1) == b).astype(float) for x in members) / len(members)
    mp = np.column_stack([np.exp(x[np.arange(len(b)), b]) for x in members])
    return np.column_stack([lg(conf), agree, lg(mp.mean(1)), lg(mp.min(1))]), b


def logistic(x, r, l2=1e-3):
    mu, sd = x.mean(0), x.std(0) + 1e-9
    xs = np.column_stack([(x - mu) / sd, np.ones(len(x))])
    w = np.zeros(xs.shape[1])
    for _ in range(100):  # Newton steps
        p = 1 / (1 + np.exp(-xs @ w))
        g = xs.T @ (p - r) / len(r) + l2 * w
        h = (xs * (p * (1 - p))[:, None]).T @ xs / len(r) + l2 * np.eye(len(w))
        w -= np.linalg.solve(h, g)
    return lambda x2: 1 / (1 + np.exp(-np.column_stack([(x2 - mu) / sd, np.ones(len(x2))]) @ w))


def main(d):
    folds = load(d)
    names = ['raw', 'T (NLL, shipped way)', 'T (NLL, corpora weighed alike)', 'T (least mean per-corpus ECE)',
             'T + per-class bias', 'clip-feature regression']
    table = {n: [] for n in names}
    for h in folds:
        others = [g for g in folds if g != h]
        zo = [fused(folds[g][1], folds[g][2]) for g in others]
        yo = [folds[g][0] for g in others]
        z_all, y_all = np.vstack(zo), np.concatenate(yo)
        ones = np.ones(len(y_all))
        alike = np.concatenate([np.full(len(y), 1.0 / len(y)) for y in yo])
        t_nll = TS[np.argmin([nll(z_all, y_all, ones, t) for t in TS])]
        t_alike = TS[np.argmin([nll(z_all, y_all, alike, t) for t in TS])]
        t_ece = TS[np.argmin([np.mean([ece(top(z, t)[0], (top(z, t)[1] == y).astype(float)) for z, y in zip(zo, yo)])
                              for t in TS])]
        v = minimize(lambda v: nll(z_all, y_all, alike, np.exp(v[0]), v[1:]) + 1e-3 * (v[1:] ** 2).sum(),
                     np.zeros(1 + len(PRED)), method='L-BFGS-B').x
        x_o, b_o = clip_features(z_all, np.vstack([folds[g][1] for g in others]),
                                 [np.vstack([folds[g][2][k] for g in others]) for k in range(len(folds[h][2]))], t_nll)
        regression = logistic(x_o, (b_o == y_all).astype(float))
        y, c, hs = folds[h]
        z = fused(c, hs)
        for n, (t, bias) in zip(names[:5], [(1.0, None), (t_nll, None), (t_alike, None), (t_ece, None),
                                            (np.exp(v[0]), v[1:])]):
            conf, b = top(z, t, bias)
            table[n].append((h, ece(conf, (b == y).astype(float)), (b == y).mean(), conf.mean()))
        x, b = clip_features(z, c, hs, t_nll)
        q = regression(x)
        table[names[5]].append((h, ece(q, (b == y).astype(float)), (b == y).mean(), q.mean()))
    corpora = list(folds)
    print('7-class ECE(15) per held-out corpus; every calibrator fitted on the other folds\' held-out answers')
    print('%-32s %6s  %s' % ('calibrator', 'mean', '  '.join('%8s' % c[:8] for c in corpora)))
    for n, rows in table.items():
        print('%-32s %6.3f  %s' % (n, np.mean([r[1] for r in rows]), '  '.join('%8.3f' % r[1] for r in rows)))
    print('%-32s %6s  %s' % ('7-class accuracy', '', '  '.join('%8.3f' % r[2] for r in table['raw'])))
    print('%-32s %6s  %s' % ('mean confidence (shipped way)', '', '  '.join('%8.3f' % r[3] for r in table[names[1]])))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'loco-dump')
