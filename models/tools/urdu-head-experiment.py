#!/usr/bin/env python3
"""Reruns the emotion-head-urdu experiment (models/trained/emotion-head-urdu/TRAINING.md) on a backbone.

usage: models/tools/urdu-head-experiment.py WORKDIR [BACKBONE]   (BACKBONE default models/trained/emotion-no-urdu)
Writes WORKDIR/emb (embeddings), fold CSVs, per-fold head metrics, then pooled metrics to WORKDIR/pooled.json
and the shipped head (all 400 clips) to WORKDIR/head.json. Folds: URDU speakers sorted by id, round robin
(speaker at position i goes to fold i % 4), as in the original experiment.
"""
import csv, json, os, subprocess, sys

work = sys.argv[1]
backbone = sys.argv[2] if len(sys.argv) > 2 else "models/trained/emotion-no-urdu"
shared = os.environ.get("EMOTRACE_SHARED", "../shared")
labels = os.path.join(shared, "data", "urdu", "labels.csv")
os.makedirs(work, exist_ok=True)
emb = os.path.join(work, "emb")

def run(*args):
    print("+ " + " ".join(args), flush=True)
    subprocess.run(args, check=True)

if not os.path.isdir(emb):
    run("./emotrace", "emotion", os.path.join(shared, "data", "urdu"), "--embeddings", "--model", backbone, "--out", emb)

rows = list(csv.DictReader(open(labels, encoding="utf-8")))
speakers = sorted({r["speaker"] for r in rows})
fold = {s: i % 4 for i, s in enumerate(speakers)}

def write(path, rs):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "label"])
        for r in rs:
            w.writerow([r["file"], r["emotion"]])

write(os.path.join(work, "all.csv"), rows)
for k in range(4):
    write(os.path.join(work, f"fold{k}-train.csv"), [r for r in rows if fold[r["speaker"]] != k])
    write(os.path.join(work, f"fold{k}-test.csv"), [r for r in rows if fold[r["speaker"]] == k])
    run("./emotrace", "train", "head", "--embeddings", emb, "--labels", os.path.join(work, f"fold{k}-train.csv"),
        "--eval-labels", os.path.join(work, f"fold{k}-test.csv"), "--metrics", os.path.join(work, f"fold{k}-metrics.json"),
        "--out", os.path.join(work, f"fold{k}-head.json"))
run("./emotrace", "train", "head", "--embeddings", emb, "--labels", os.path.join(work, "all.csv"),
    "--out", os.path.join(work, "head.json"))

pooled = {}
for which in ("trained_head", "default_head"):
    conf = None
    per_fold = []
    classes = None
    for k in range(4):
        m = json.load(open(os.path.join(work, f"fold{k}-metrics.json")))[which]
        classes = m["classes"]
        c = m["confusion_rows_truth_cols_predicted"]
        conf = c if conf is None else [[a + b for a, b in zip(r1, r2)] for r1, r2 in zip(conf, c)]
        per_fold.append(m["ua"])
    n = sum(map(sum, conf))
    rec = [conf[i][i] / sum(conf[i]) for i in range(len(conf)) if sum(conf[i])]
    f1 = []
    for i in range(len(conf)):
        col = sum(r[i] for r in conf)
        p = conf[i][i] / col if col else 0
        r = conf[i][i] / sum(conf[i]) if sum(conf[i]) else 0
        f1.append(0 if p + r == 0 else 2 * p * r / (p + r))
    pooled[which] = {"utterances": n, "ua": round(sum(rec) / len(rec), 4),
                     "wa": round(sum(conf[i][i] for i in range(len(conf))) / n, 4),
                     "macro_f1": round(sum(f1) / len(f1), 4), "classes": classes,
                     "confusion_rows_truth_cols_predicted": conf, "ua_per_fold": per_fold}
pooled["ua_gain_pooled"] = round(pooled["trained_head"]["ua"] - pooled["default_head"]["ua"], 4)
json.dump(pooled, open(os.path.join(work, "pooled.json"), "w"), indent=1)
print(json.dumps({k: ({a: b for a, b in v.items() if "confusion" not in a} if isinstance(v, dict) else v) for k, v in pooled.items()}, indent=1))
