#!/usr/bin/env python3
"""Fuses the tuned speaker network's LOCO answers with a --dump-answers run's (a measurement outside the product).

  ./emotrace bench emotion --loco --prosody --threads 1 --dump-answers --out BASE
  ./emotrace bench emotion --loco --voice-tuning --out TUNED [--voice-tuning-group 8 --voice-tuning-lr 3e-4]
  python3 models/tools/voice-tuning-fusion.py BASE TUNED

Per held-out corpus, 4-class UA (argmax over angry, happy, neutral, sad) of: the CNN alone, the tuned network alone,
the shipped answer (CNN, voice head and prosody head: their log-probabilities over the 7 predicted classes averaged),
the shipped answer with the tuned network as a fourth member, and the tuned network in the voice head's place.
"""
import os
import sys

import numpy as np

CORPORA = ["ravdess", "casia", "urdu", "korean-emotion", "ased-amharic", "nemo-polish", "tess-english",
           "emovo-italian", "savee-english", "turev-turkish"]
PREDICTED = [0, 1, 2, 3, 4, 6, 7]  # Emotion ordinals without other and unknown
SHARED = [0, 3, 4, 6]  # angry, happy, neutral, sad


def log_softmax(z):
    out = np.full(z.shape, -1e30)
    zz = z[:, PREDICTED] - z[:, PREDICTED].max(1, keepdims=True)
    out[:, PREDICTED] = zz - np.log(np.exp(zz).sum(1, keepdims=True))
    return out


def ua4(lp, y):
    keep = np.isin(y, SHARED)
    pred = np.array(SHARED)[np.argmax(lp[keep][:, SHARED], 1)]
    yy = y[keep]
    return float(np.mean([np.mean(pred[yy == c] == c) for c in SHARED if (yy == c).any()]))


def main(base, tuned):
    rows = {}
    for h in CORPORA:
        fb = os.path.join(base, f"answers-{h}-test.npy")
        ft = os.path.join(tuned, f"tuned-{h}-test.npy")
        if not (os.path.exists(fb) and os.path.exists(ft)):
            continue
        b, t = np.load(fb), np.load(ft)
        if b.shape[0] != t.shape[0] or not (b[:, 1] == t[:, 1]).all():
            sys.exit(f"{h}: the two runs' held-out clips differ")
        y = b[:, 1].astype(int)
        cnn, voice, prosody, tu = log_softmax(b[:, 2:11]), b[:, 11:20], b[:, 20:29], log_softmax(t[:, 2:11])
        answers = {"CNN": cnn, "tuned": tu, "shipped": (cnn + voice + prosody) / 3,
                   "shipped+tuned": (cnn + voice + prosody + tu) / 4, "tuned for voice": (cnn + tu + prosody) / 3}
        rows[h] = {k: ua4(v, y) for k, v in answers.items()}
    if not rows:
        sys.exit("no held-out corpus has both runs' answers")
    keys = list(next(iter(rows.values())))
    print("%-15s" % "held out" + "".join("%16s" % k for k in keys))
    for h, r in rows.items():
        print("%-15s" % h + "".join("%16.1f" % (100 * r[k]) for k in keys))
    print("%-15s" % ("mean (%d)" % len(rows)) + "".join(
        "%16.1f" % (100 * np.mean([r[k] for r in rows.values()])) for k in keys))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
