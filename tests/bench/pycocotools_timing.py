#!/usr/bin/env python3
"""Baseline for tests/bench/eval_bench.cpp: pycocotools (cocoapi master PythonAPI) on the same case.

Times what a pycocotools user runs: COCO(gt) + loadRes + evaluate + accumulate + summarize (wall
and process CPU time), and evaluate+accumulate+summarize alone (wall and CPU); prints the median of N runs
in milliseconds as JSON. On a shared, loaded machine compare CPU times (eval_bench's "CPU" column).
For bbox the detections' segmentation is removed before loadRes (as in the reference README).
    PYTHONPATH=/work/upstream/cocoapi/PythonAPI /usr/bin/python3 tests/bench/pycocotools_timing.py \
        ../shared/reference/coco-eval/large 10
"""
import contextlib
import io
import json
import statistics
import sys
import time

import numpy as np

np.float = float  # cocoapi master still uses the alias removed in numpy 1.24 (same type)

from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402


def run(case, iou_type):
    c0 = time.process_time()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(case + "/gt.json")
        with open(case + "/dt.json") as f:
            dts = json.load(f)
        if iou_type == "bbox":
            for d in dts:
                d.pop("segmentation", None)
        dt = gt.loadRes(dts)
        t1 = time.perf_counter()
        c1 = time.process_time()
        e = COCOeval(gt, dt, iou_type)
        e.evaluate()
        e.accumulate()
        e.summarize()
    t2 = time.perf_counter()
    c2 = time.process_time()
    return (t2 - t0) * 1e3, (t2 - t1) * 1e3, list(e.stats), (c2 - c0) * 1e3, (c2 - c1) * 1e3


def main():
    case = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    out = {}
    for iou_type in ("bbox", "segm"):
        runs = [run(case, iou_type) for _ in range(n)]
        out[iou_type] = {"full_ms": statistics.median(r[0] for r in runs),
                         "full_cpu_ms": statistics.median(r[3] for r in runs),
                         "evaluate_only_ms": statistics.median(r[1] for r in runs),
                         "evaluate_only_cpu_ms": statistics.median(r[4] for r in runs),
                         "runs": n, "stats": runs[0][2]}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
