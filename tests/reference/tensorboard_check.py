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
import struct
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

STATS = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]


def expected_scalars(metrics_path):
    """{tag: [(step, value), ...]} from metrics.jsonl, in file order."""
    out = {}

    def put(tag, step, value):
        out.setdefault(tag, []).append((int(step), float(value)))

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
    fa = struct.unpack("f", struct.pack("f", a))[0]  # as float32, like the event file
    return (math.isnan(fa) and math.isnan(b)) or fa == b or abs(fa - b) <= 1e-6 * max(1.0, abs(fa))


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    run = argv[1]
    events = sorted(glob.glob(os.path.join(run, "events.out.tfevents.*")))
    metrics = os.path.join(run, "metrics.jsonl")
    if not events or not os.path.isfile(metrics):
        print(f"{run}: expected events.out.tfevents.* and metrics.jsonl, found {events}",
              file=sys.stderr)
        return 2
    # A resumed run has one event file per start: the folder's reader reads them in order.
    source = events[0] if len(events) == 1 else run
    acc = EventAccumulator(source, size_guidance={"scalars": 0})  # 0: keep every event
    acc.Reload()
    got_tags = set(acc.Tags()["scalars"])
    want = expected_scalars(metrics)
    if not want:
        print(f"{metrics}: no step or validation lines", file=sys.stderr)
        return 2

    ok = True
    rows = []
    for tag in sorted(set(want) | got_tags):
        exp = want.get(tag, [])
        events_of_tag = acc.Scalars(tag) if tag in got_tags else []
        got = [(e.step, e.value) for e in events_of_tag]
        problems = []
        if tag not in want:
            problems.append("not logged by the trainer")
        if tag not in got_tags:
            problems.append("missing")
        if got and exp and sorted(s for s, _ in got) != sorted(s for s, _ in exp):
            diff = sorted(set(s for s, _ in exp) ^ set(s for s, _ in got))
            problems.append(f"steps differ ({len(got)} events, {len(exp)} expected; {diff[:5]})")
        exp_last, got_last = dict(exp), dict(got)  # a step logged twice: compare the last value
        bad = [s for s in exp_last if s in got_last and not same(exp_last[s], got_last[s])]
        if bad:
            problems.append(f"values differ at steps {bad[:5]}")
        ok &= not problems
        steps = [s for s, _ in got]
        rows.append((tag, len(exp), len(got), min(steps) if got else "-",
                     max(steps) if got else "-", f"{got_last[max(steps)]:.6g}" if got else "-",
                     "ok" if not problems else "; ".join(problems)))

    head = ("tag", "expected", "events", "first step", "last step", "last value", "check")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print(f"\n{source}: {len(got_tags)} scalar tags, {len(want)} expected from metrics.jsonl: "
          + ("ALL MATCH" if ok else "MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
