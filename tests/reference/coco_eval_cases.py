#!/usr/bin/env python3
"""Writes the COCO evaluation fixtures under tests/data/coco-eval/ with REAL pycocotools.

The expected numbers come from cocodataset/cocoapi's PythonAPI (COCO, COCOeval, mask), never from
SAM3 Studio's code. pycocotools is not on the package registries this project reaches; build it
outside the repository:

    git clone <cocoapi> /work/upstream/cocoapi        # e.g. with the search tool's fetch
    apt-get install cython3 python3-numpy python3-dev python3-setuptools python3-matplotlib
    (cd /work/upstream/cocoapi/PythonAPI && /usr/bin/python3 setup.py build_ext --inplace)
    PYTHONPATH=/work/upstream/cocoapi/PythonAPI /usr/bin/python3 tests/reference/coco_eval_cases.py

Each case folder gets gt.json, dt_bbox.json and dt_segm.json (the exact files given to loadRes for
iouType bbox and segm) and expected.json: the 12 stats, the recall array [T][K][A][M] and, for
cases with few categories, precision[:, :, :, 0, 2] (area all, maxDets 100) as [T][R][K].
rle_cases.json holds mask-API cases: polygons -> compressed RLE, area, toBbox, merge, IoU.
"""
import contextlib
import copy
import io
import json
import os
import random
import sys

import numpy as np

np.float = float  # cocoapi master still uses the alias removed in numpy 1.24 (same type)

from pycocotools import mask as mask_utils  # noqa: E402
from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "coco-eval")


def polygon(rng, cx, cy, rx, ry, n):
    pts = []
    for i in range(n):
        a = 2 * np.pi * i / n + rng.uniform(-0.2, 0.2)
        r = rng.uniform(0.6, 1.0)
        pts += [round(cx + rx * r * np.cos(a), 2), round(cy + ry * r * np.sin(a), 2)]
    return pts


def bbox_of(poly):
    xs, ys = poly[0::2], poly[1::2]
    return [min(xs), min(ys), round(max(xs) - min(xs), 2), round(max(ys) - min(ys), 2)]


def make_gt(rng, n_images, n_cats, per_image, crowd_rate=0.0, empty_rate=0.0, w=320, h=240):
    images = [{"id": i + 1, "file_name": "img%d.jpg" % (i + 1), "width": w, "height": h}
              for i in range(n_images)]
    cats = [{"id": c + 1, "name": "class%d" % (c + 1)} for c in range(n_cats)]
    anns = []
    for img in images:
        if rng.random() < empty_rate:
            continue
        for _ in range(rng.randint(1, per_image)):
            size = rng.choice([6, 12, 20, 40, 70, 110])
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            poly = polygon(rng, cx, cy, size * rng.uniform(0.5, 1.2), size * rng.uniform(0.5, 1.2),
                           rng.randint(3, 10))
            crowd = 1 if rng.random() < crowd_rate else 0
            ann = {"id": len(anns) + 1, "image_id": img["id"],
                   "category_id": rng.randint(1, n_cats), "iscrowd": crowd, "bbox": bbox_of(poly)}
            rle = mask_utils.merge(mask_utils.frPyObjects([poly], h, w))
            ann["area"] = float(mask_utils.area(rle))
            if crowd:  # crowd regions as uncompressed RLE, the way COCO stores them
                m = mask_utils.decode(rle)
                flat = m.flatten(order="F")
                counts, prev, run = [], 0, 0
                for v in flat:
                    if v != prev:
                        counts.append(run)
                        run, prev = 0, v
                    run += 1
                counts.append(run)
                ann["segmentation"] = {"size": [h, w], "counts": [int(c) for c in counts]}
            else:
                ann["segmentation"] = [poly]
            anns.append(ann)
    return {"images": images, "categories": cats, "annotations": anns}


def jitter_detection(rng, ann, img, score):
    """A detection near `ann`: its outline shifted, scaled and perturbed (often a good match)."""
    x, y, bw, bh = ann["bbox"]
    if isinstance(ann["segmentation"], list):
        base = ann["segmentation"][0]
    else:
        base = [x, y, x + bw, y, x + bw, y + bh, x, y + bh]
    quality = rng.choice([0.01, 0.03, 0.08, 0.2])
    dx, dy = rng.gauss(0, bw * quality + 0.3), rng.gauss(0, bh * quality + 0.3)
    sx, sy = 1 + rng.gauss(0, quality), 1 + rng.gauss(0, quality)
    cx, cy = x + bw / 2, y + bh / 2
    poly = []
    for px, py in zip(base[0::2], base[1::2]):
        poly += [round(cx + (px - cx) * sx + dx + rng.gauss(0, quality * 2), 2),
                 round(cy + (py - cy) * sy + dy + rng.gauss(0, quality * 2), 2)]
    return {"image_id": img["id"], "category_id": ann["category_id"], "bbox": bbox_of(poly),
            "score": score, "segmentation": [poly]}


def random_detection(rng, img, n_cats, score):
    w, h = img["width"], img["height"]
    s = rng.choice([5, 15, 30, 60, 100])
    poly = polygon(rng, rng.uniform(0, w), rng.uniform(0, h), s, s, rng.randint(3, 8))
    return {"image_id": img["id"], "category_id": rng.randint(1, n_cats), "bbox": bbox_of(poly),
            "score": score, "segmentation": [poly]}


def make_dt(rng, gt, hit_rate=0.8, false_per_image=2, score_digits=3):
    imgs = {i["id"]: i for i in gt["images"]}
    n_cats = len(gt["categories"])
    dts = []
    for ann in gt["annotations"]:
        if rng.random() < hit_rate:
            dts.append(jitter_detection(rng, ann, imgs[ann["image_id"]],
                                        round(rng.uniform(0.3, 1.0), score_digits)))
    for img in gt["images"]:
        for _ in range(rng.randint(0, false_per_image)):
            dts.append(random_detection(rng, img, n_cats, round(rng.uniform(0.0, 0.7), score_digits)))
    rng.shuffle(dts)
    return dts


def evaluate(gt_file, dt_file, iou_type):
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_file)
        dt = gt.loadRes(dt_file)
        e = COCOeval(gt, dt, iou_type)
        e.evaluate()
        e.accumulate()
        e.summarize()
    return e


def write_case(name, gt, dts_bbox, dts_segm):
    folder = os.path.join(ROOT, name)
    os.makedirs(folder, exist_ok=True)
    files = {"gt.json": gt, "dt_bbox.json": dts_bbox, "dt_segm.json": dts_segm}
    for fname, data in files.items():
        with open(os.path.join(folder, fname), "w") as f:
            json.dump(data, f, separators=(",", ":"))
    expected = {}
    for iou_type in ("bbox", "segm"):
        e = evaluate(os.path.join(folder, "gt.json"), os.path.join(folder, "dt_%s.json" % iou_type),
                     iou_type)
        entry = {"stats": [float(v) for v in e.stats],
                 "recall": [float(v) for v in e.eval["recall"].flatten()]}
        if len(gt["categories"]) <= 4:
            entry["precision_all_100"] = [float(v) for v in e.eval["precision"][:, :, :, 0, 2].flatten()]
        expected[iou_type] = entry
    expected["shape"] = {"T": 10, "R": 101, "K": len(gt["categories"]), "A": 4, "M": 3}
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=0)
    print(name, "bbox", ["%.4f" % v for v in expected["bbox"]["stats"]])
    print(name, "segm", ["%.4f" % v for v in expected["segm"]["stats"]])


def without_segmentation(dts):
    out = copy.deepcopy(dts)
    for d in out:
        d.pop("segmentation", None)
    return out


def make_crowd_only(rng):
    gt = make_gt(rng, 16, 2, 4, crowd_rate=0.15)
    first_images = {1, 2, 3, 4, 5}
    keep = []
    for ann in gt["annotations"]:  # images 1-5 keep only crowd regions
        if ann["image_id"] in first_images and not ann["iscrowd"]:
            continue
        keep.append(ann)
    for img_id in first_images:  # every one of them gets at least one crowd region
        src = next(a for a in gt["annotations"] if not a["iscrowd"])
        crowd = make_gt(rng, 1, 2, 1, crowd_rate=1.0)["annotations"][0]
        crowd.update({"id": 1000 + img_id, "image_id": img_id, "category_id": src["category_id"]})
        keep.append(crowd)
    gt["annotations"] = keep
    dts = make_dt(rng, gt, hit_rate=0.9)
    imgs = {i["id"]: i for i in gt["images"]}
    for ann in keep:  # several detections inside each crowd region
        if ann["iscrowd"]:
            for _ in range(3):
                dts.append(jitter_detection(rng, ann, imgs[ann["image_id"]],
                                            round(rng.uniform(0.2, 0.95), 3)))
    return gt, dts


def make_duplicates(rng):
    gt = make_gt(rng, 20, 3, 5)
    dts = make_dt(rng, gt, score_digits=1)  # many equal scores: ties across images
    dups = [copy.deepcopy(d) for d in dts if rng.random() < 0.4]
    for d in dups:
        if rng.random() < 0.5:
            d["score"] = round(d["score"] * 0.9, 1)
    dts = dts + dups + [copy.deepcopy(d) for d in dups[:10]]
    rng.shuffle(dts)
    return gt, dts


def make_many_detections(rng):
    gt = make_gt(rng, 6, 2, 30)
    imgs = gt["images"]
    dts = make_dt(rng, gt, hit_rate=0.95)
    for img in imgs[:4]:  # 150-260 detections on each of four photos
        for _ in range(rng.randint(150, 260)):
            dts.append(random_detection(rng, img, 2, round(rng.uniform(0, 1), 4)))
    rng.shuffle(dts)
    return gt, dts


def make_category_without_gt(rng):
    gt = make_gt(rng, 12, 3, 4)
    for ann in gt["annotations"]:
        if ann["category_id"] == 3:
            ann["category_id"] = 1
    dts = make_dt(rng, gt)
    dts = [d for d in dts if d["category_id"] != 2]  # class 2: ground truth, never detected
    for img in gt["images"][:6]:  # class 3: detections, no ground truth
        d = random_detection(rng, img, 3, 0.8)
        d["category_id"] = 3
        dts.append(d)
    return gt, dts


def make_area_boundaries(rng):
    images = [{"id": i, "width": 300, "height": 300} for i in (1, 2, 3)]
    sizes = [(32, 32), (16, 64), (96, 96), (48, 192), (31, 33), (95, 97), (8, 8), (150, 120)]
    anns, dts = [], []
    for img in images:
        x = 2.0
        for (bw, bh) in sizes:
            y = float(rng.randint(0, 300 - bh))
            poly = [x, y, x + bw, y, x + bw, y + bh, x, y + bh]
            anns.append({"id": len(anns) + 1, "image_id": img["id"], "category_id": 1,
                         "bbox": [x, y, bw, bh], "area": float(bw * bh), "iscrowd": 0,
                         "segmentation": [poly]})
            sx = rng.choice([0, 1, 2, 5])
            dts.append({"image_id": img["id"], "category_id": 1, "score": round(rng.random(), 3),
                        "bbox": [x + sx, y, bw, bh],
                        "segmentation": [[x + sx, y, x + sx + bw, y, x + sx + bw, y + bh, x + sx, y + bh]]})
            x += min(bw, 30) + 4
    return {"images": images, "categories": [{"id": 1, "name": "box"}], "annotations": anns}, dts


def to_compressed(rle):
    return {"size": [int(s) for s in rle["size"]], "counts": rle["counts"].decode("ascii")}


def make_rle_results(rng):
    gt = make_gt(rng, 10, 2, 4, crowd_rate=0.1)
    imgs = {i["id"]: i for i in gt["images"]}
    for ann in gt["annotations"][::3]:  # some ground truth as compressed RLE strings
        if not ann["iscrowd"]:
            img = imgs[ann["image_id"]]
            rle = mask_utils.merge(mask_utils.frPyObjects(ann["segmentation"], img["height"], img["width"]))
            ann["segmentation"] = to_compressed(rle)
    dts = []
    for d in make_dt(rng, gt):
        img = imgs[d["image_id"]]
        rle = mask_utils.merge(mask_utils.frPyObjects(d["segmentation"], img["height"], img["width"]))
        dts.append({"image_id": d["image_id"], "category_id": d["category_id"], "score": d["score"],
                    "segmentation": to_compressed(rle)})
    return gt, dts


def cases():
    rng = random.Random(20261127)
    gt = make_gt(rng, 40, 12, 6, crowd_rate=0.05)
    yield "many_classes", gt, make_dt(rng, gt)
    gt = make_gt(rng, 30, 3, 4, empty_rate=0.4)
    yield "empty_and_negative_images", gt, make_dt(rng, gt, false_per_image=2)
    yield ("crowd_only",) + make_crowd_only(rng)
    yield ("duplicates",) + make_duplicates(rng)
    yield ("many_detections",) + make_many_detections(rng)
    yield ("category_without_gt",) + make_category_without_gt(rng)
    yield ("area_boundaries",) + make_area_boundaries(rng)


def write_all_cases():
    for name, gt, dts in cases():
        write_case(name, gt, without_segmentation(dts), dts)
    rng = random.Random(7)
    gt, dts = make_rle_results(rng)
    write_case("rle_results", gt, dts, dts)  # results without boxes: areas and boxes from masks
    rng = random.Random(11)
    gt = make_gt(rng, 10, 2, 4)
    boxes = without_segmentation(make_dt(rng, gt))
    write_case("boxes_only_for_segm", gt, boxes, boxes)  # segm of box results: box polygons


def rle_cases():
    rng = random.Random(99)
    out = {"polygons": [], "boxes": [], "merges": [], "ious": [], "box_ious": [], "uncompressed": [],
           "encodes": []}
    shapes = [(240, 320), (37, 53), (1, 1), (5, 200), (480, 640)]
    for i in range(60):
        h, w = shapes[i % len(shapes)]
        n = rng.randint(3, 12)
        scale = rng.choice([0.3, 2, 10, 60, 300])
        cx, cy = rng.uniform(-20, w + 20), rng.uniform(-20, h + 20)
        poly = [round(v, rng.choice([0, 1, 2, 6])) for v in polygon(rng, cx, cy, scale, scale * 0.7, n)]
        if i % 11 == 0:  # collinear
            poly = [1.0, 1.0, 5.5, 5.5, 10.25, 10.25]
        if i % 7 == 3:  # a repeated vertex: rleFrPoly's 0/0 edge slope
            poly = poly[:4] + poly[2:4] + poly[4:]
        rle = mask_utils.frPyObjects([poly], h, w)[0]
        out["polygons"].append({"h": h, "w": w, "polygon": poly, "counts": rle["counts"].decode(),
                                "area": int(mask_utils.area(rle)),
                                "bbox": [float(v) for v in mask_utils.toBbox(rle)]})
    for i in range(20):
        h, w = shapes[i % len(shapes)]
        box = [round(rng.uniform(-10, w), 2), round(rng.uniform(-10, h), 2),
               round(rng.uniform(0, w / 2), 2), round(rng.uniform(0, h / 2), 2)]
        rle = mask_utils.frPyObjects(np.array([box], dtype=np.double), h, w)[0]
        out["boxes"].append({"h": h, "w": w, "box": box, "counts": rle["counts"].decode()})
    for i in range(20):
        h, w = 60, 80
        polys = [polygon(rng, rng.uniform(0, w), rng.uniform(0, h), 20, 15, rng.randint(3, 8))
                 for _ in range(rng.randint(2, 4))]
        rles = mask_utils.frPyObjects(polys, h, w)
        out["merges"].append({"h": h, "w": w, "polygons": polys,
                              "union": mask_utils.merge(rles, intersect=0)["counts"].decode(),
                              "intersection": mask_utils.merge(rles, intersect=1)["counts"].decode()})
    for i in range(40):
        h, w = 50, 70
        a = mask_utils.frPyObjects([polygon(rng, rng.uniform(10, 60), rng.uniform(10, 40), 12, 9, 6)], h, w)[0]
        b = mask_utils.frPyObjects([polygon(rng, rng.uniform(10, 60), rng.uniform(10, 40), 12, 9, 6)], h, w)[0]
        crowd = i % 3 == 0
        out["ious"].append({"h": h, "w": w, "dt": a["counts"].decode(), "gt": b["counts"].decode(),
                            "crowd": crowd, "iou": float(mask_utils.iou([a], [b], [int(crowd)])[0][0])})
        bd = [round(rng.uniform(0, 50), 1), round(rng.uniform(0, 50), 1), round(rng.uniform(0, 30), 1), round(rng.uniform(0, 30), 1)]
        bg = [round(rng.uniform(0, 50), 1), round(rng.uniform(0, 50), 1), round(rng.uniform(0, 30), 1), round(rng.uniform(0, 30), 1)]
        out["box_ious"].append({"dt": bd, "gt": bg, "crowd": crowd,
                                "iou": float(mask_utils.iou([bd], [bg], [int(crowd)])[0][0])})
    for i in range(10):
        h, w = rng.randint(1, 30), rng.randint(1, 30)
        m = np.asfortranarray((np.array([[rng.random() < 0.4 for _ in range(w)] for _ in range(h)])).astype(np.uint8))
        enc = mask_utils.encode(m[:, :, None])[0]
        bits = "".join(str(int(v)) for v in m.flatten(order="F"))
        out["encodes"].append({"h": h, "w": w, "bits_column_major": bits, "counts": enc["counts"].decode(),
                               "area": int(mask_utils.area(enc)), "bbox": [float(v) for v in mask_utils.toBbox(enc)]})
        counts, prev, run = [], 0, 0
        for v in m.flatten(order="F"):
            if v != prev:
                counts.append(run)
                run, prev = 0, v
            run += 1
        counts.append(run)
        rle = mask_utils.frPyObjects({"size": [h, w], "counts": counts}, h, w)
        out["uncompressed"].append({"h": h, "w": w, "counts": counts, "compressed": rle["counts"].decode()})
    with open(os.path.join(ROOT, "rle_cases.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


def params():
    e = COCOeval(iouType="bbox")
    with open(os.path.join(ROOT, "params.json"), "w") as f:
        json.dump({"iouThrs": [float(v) for v in e.params.iouThrs],
                   "recThrs": [float(v) for v in e.params.recThrs],
                   "iouThrs_hex": [float(v).hex() for v in e.params.iouThrs],
                   "recThrs_hex": [float(v).hex() for v in e.params.recThrs]}, f)


if __name__ == "__main__":
    os.makedirs(ROOT, exist_ok=True)
    write_all_cases()
    rle_cases()
    params()
    print("written to", os.path.abspath(ROOT), file=sys.stderr)
