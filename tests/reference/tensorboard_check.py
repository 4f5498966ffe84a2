#!/usr/bin/env python3
"""Reads a SAM3 Studio training run's TensorBoard event file with TensorBoard's own reader
(tensorboard.backend.event_processing.event_accumulator.EventAccumulator) and checks it against
the run's metrics.jsonl, which the trainer writes at the same moments (core/train/trainer_loop.cpp
log_step, core/train/trainer_eval.cpp):

  every {"type":"step"} line       -> train/loss, train/<term> per loss term, lr/<group> per
                                      parameter group, train/grad_norm, train/images_per_second
  every {"type":"validation"} line -> val/bbox_<stat> for the 12 COCO stats, and val/segm_<stat>
                                      when masks were evaluated (segm not all -1)

Every expected tag must be present with exactly the expected steps and values (float32), and no
other scalar tag may be present. Prints one table row per tag. Exit status 0 when all match,
1 otherwise, 2 for a bad run folder.

Usage: tests/reference/tensorboard_check.py RUN_FOLDER
(needs the `tensorboard` Python package; the GPU machine has it)
"""
import glob
import json
import math
import os
import sys

import numpy as np
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

STATS = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]


def expected_scalars(metrics_path):
    """{tag: {step: value}} from metrics.jsonl."""
    out = {}

    def put(tag, step, value):
        out.setdefault(tag, {})[int(step)] = float(value)

    with open(metrics_path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            m = json.loads(line)
            if m.get("type") == "step":
                s = m["step"]
                put("train/loss", s, m["loss"])
                for k, v in m.get("terms", {}).items():
                    put("train/" + k, s, v)
                for k, v in m.get("lr", {}).items():
                    put("lr/" + k, s, v)
                put("train/grad_norm", s, m["grad_norm"])
                put("train/images_per_second", s, m["images_per_second"])
            elif m.get("type") == "validation":
                s = m["step"]
                for k, v in zip(STATS, m["bbox"]):
                    put("val/bbox_" + k, s, v)
                if any(v != -1 for v in m["segm"]):
                    for k, v in zip(STATS, m["segm"]):
                        put("val/segm_" + k, s, v)
            else:
                raise ValueError(f"{metrics_path}:{n}: unknown type {m.get('type')!r}")
    return out


def same(a, b):
    fa = float(np.float32(a))
    return (math.isnan(fa) and math.isnan(b)) or fa == b or abs(fa - b) <= 1e-6 * max(1.0, abs(fa))


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    run = argv[1]
    events = sorted(glob.glob(os.path.join(run, "events.out.tfevents.*")))
    metrics = os.path.join(run, "metrics.jsonl")
    if len(events) != 1 or not os.path.isfile(metrics):
        print(f"{run}: expected one events.out.tfevents.* and metrics.jsonl, found {events}",
              file=sys.stderr)
        return 2
    acc = EventAccumulator(events[0], size_guidance={"scalars": 0})  # 0: keep every event
    acc.Reload()
    got_tags = set(acc.Tags()["scalars"])
    want = expected_scalars(metrics)
    if not want:
        print(f"{metrics}: no step or validation lines", file=sys.stderr)
        return 2

    ok = True
    rows = []
    for tag in sorted(set(want) | got_tags):
        exp = want.get(tag, {})
        got = {e.step: e.value for e in acc.Scalars(tag)} if tag in got_tags else {}
        n_events = len(acc.Scalars(tag)) if tag in got_tags else 0
        problems = []
        if tag not in want:
            problems.append("not logged by the trainer")
        if tag not in got_tags:
            problems.append("missing")
        if n_events != len(got):
            problems.append(f"{n_events - len(got)} duplicate steps")
        if got and exp and sorted(got) != sorted(exp):
            problems.append(f"steps {sorted(set(exp) ^ set(got))[:5]} differ")
        bad = [s for s in exp if s in got and not same(exp[s], got[s])]
        if bad:
            problems.append(f"values differ at steps {bad[:5]}")
        ok &= not problems
        last = max(got) if got else None
        rows.append((tag, len(exp), n_events, min(got) if got else "-", last if got else "-",
                     f"{got[last]:.6g}" if got else "-", "ok" if not problems else "; ".join(problems)))

    head = ("tag", "expected", "events", "first step", "last step", "last value", "check")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print(f"\n{events[0]}: {len(got_tags)} scalar tags, {len(want)} expected from metrics.jsonl: "
          + ("ALL MATCH" if ok else "MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
