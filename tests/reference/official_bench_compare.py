"""Ratio tables ours / official from the JSON of `sam3studio-cli bench` and official_bench.py
(standard library only). Ratios < 1 mean ours is faster / smaller, except images/s and the
largest batch, where > 1 means ours does more.

  python3 tests/reference/official_bench.py --compare ours.json official.json
"""

import json
import sys


def _load(path, side):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit(f"official_bench_compare: cannot read the {side} report {path}: {e}")


def _ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}"


def _num(x, fmt="{:.1f}"):
    return "—" if x is None else fmt.format(x)


def inference_table(ours, off):
    lines = [f"inference: ours {ours.get('precision')} / official {off.get('precision')} on "
             f"{ours.get('device_name')} / {off.get('device_name')}",
             f"{'region':38s} {'ours ms':>9s} {'off ms':>9s} {'ratio':>6s} "
             f"{'ours GiB':>9s} {'off GiB':>9s} {'ratio':>6s}"]
    off_stages = {s["stage"]: s for s in off.get("stages", [])}
    for s in ours.get("stages", []):
        o = off_stages.get(s["stage"], {})
        lines.append(
            f"{s['stage']:38s} {_num(s.get('median_ms')):>9s} {_num(o.get('median_ms')):>9s} "
            f"{_ratio(s.get('median_ms'), o.get('median_ms')):>6s} "
            f"{_num(s.get('peak_memory_gib'), '{:.2f}'):>9s} "
            f"{_num(o.get('peak_memory_gib'), '{:.2f}'):>9s} "
            f"{_ratio(s.get('peak_memory_gib'), o.get('peak_memory_gib')):>6s}")
    lines.append(f"{'images/s (full predict)':38s} {_num(ours.get('images_per_second')):>9s} "
                 f"{_num(off.get('images_per_second')):>9s} "
                 f"{_ratio(ours.get('images_per_second'), off.get('images_per_second')):>6s}")
    return lines


def _run(mode, key):
    r = (mode or {}).get(key) or {}
    return r


def train_table(ours, off):
    lines = [f"training step: {ours.get('model')} {ours.get('image_size')}px, median of "
             f"{ours.get('iterations')} / {off.get('iterations')} steps",
             f"{'mode':22s} {'status ours/off':22s} {'b1 ms ours':>10s} {'off':>8s} {'ratio':>6s} "
             f"{'b1 GiB ours':>11s} {'off':>6s} {'ratio':>6s} {'max b ours':>10s} {'off':>4s} "
             f"{'img/s ours':>10s} {'off':>7s} {'ratio':>6s}"]
    off_modes = {m["mode"]: m for m in off.get("modes", [])}
    for m in ours.get("modes", []):
        o = off_modes.get(m["mode"], {})
        b1, ob1 = _run(m, "batch_1"), _run(o, "batch_1")
        lg, olg = _run(m, "largest_batch"), _run(o, "largest_batch")
        status = f"{m.get('status')}/{o.get('status', 'absent')}"
        lines.append(
            f"{m['mode']:22s} {status:22s} {_num(b1.get('median_ms')):>10s} "
            f"{_num(ob1.get('median_ms')):>8s} {_ratio(b1.get('median_ms'), ob1.get('median_ms')):>6s} "
            f"{_num(b1.get('peak_memory_gib'), '{:.2f}'):>11s} "
            f"{_num(ob1.get('peak_memory_gib'), '{:.2f}'):>6s} "
            f"{_ratio(b1.get('peak_memory_gib'), ob1.get('peak_memory_gib')):>6s} "
            f"{_num(lg.get('batch'), '{}'):>10s} {_num(olg.get('batch'), '{}'):>4s} "
            f"{_num(lg.get('images_per_second')):>10s} {_num(olg.get('images_per_second')):>7s} "
            f"{_ratio(lg.get('images_per_second'), olg.get('images_per_second')):>6s}")
        for side, rep in (("ours", m), ("official", o)):
            if rep.get("status") in ("unavailable", "failed"):
                lines.append(f"    {side}: {rep.get('reason', '')[:150]}")
            for note in rep.get("notes", []) if side == "ours" else []:
                lines.append(f"    ours note: {note[:150]}")
    return lines


def main(ours_path, official_path):
    ours, off = _load(ours_path, "ours"), _load(official_path, "official")
    lines = []
    if ours.get("inference") and off.get("inference"):
        lines += inference_table(ours["inference"], off["inference"]) + [""]
    elif ours.get("inference") or off.get("inference"):
        lines.append("inference: only one side measured it\n")
    if ours.get("train") and off.get("train"):
        lines += train_table(ours["train"], off["train"])
    elif ours.get("train") or off.get("train"):
        lines.append("training: only one side measured it")
    print("\n".join(lines) if lines else "nothing to compare", flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
