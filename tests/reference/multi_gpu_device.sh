#!/usr/bin/env bash
# Issue 13 proof on a host with 2 GPUs (2 x H100): data-parallel training of the full `sam3`
# (random weights, dropout and drop-path off so that both runs draw nothing at random in the
# model) through `sam3studio-cli train`, same seed and global batch 2:
#   1. one GPU, batch 2, 100 steps                                    -> run_1gpu
#   2. two GPUs (--gpus 2, NCCL), batch 1 each, 100 steps               -> run_2gpu
#      (100 synthetic photos: an epoch is 50 steps, so it checkpoints at steps 50 and 100)
#   3. the 2-GPU run's step-50 checkpoint resumed on one GPU, batch 2   -> run_resume (steps 51-100)
#   4. two GPUs again, rank 1 killed (SIGKILL) after step 5: the launcher's error and how long the
#      job took to stop
# and prints the per-step loss comparison (max abs / rel difference of 2 GPUs and of the resume
# against 1 GPU) and images/s (median over steps 2-100) with the 2-GPU / 1-GPU ratio.
#
# Usage (the lead, on the device machine; engine-only build of the tree copied to /tmp/src, with
# LibTorch from the python site-packages, as memory_modes_gpu.sh does):
#   SRC=/tmp/src bash /tmp/src/tests/reference/multi_gpu_device.sh [STEPS]   (default 100)
# CONTROL=1 runs the 1-GPU run twice and compares the two (rounding alone).
# Env: SRC (source tree, default /tmp/src), W (work folder, default /tmp/multi_gpu), VOCAB (CLIP
# BPE file; default $SRC/tests/reference/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz, i.e.
# carry tests/reference/official), OUT (results copied there: metrics, logs, comparison).
# GPU time: about 1 min per training run of 100 steps and ~20 s of start-up each; under 6 minutes.
set -uo pipefail
STEPS=${1:-100}
SRC=${SRC:-/tmp/src}
W=${W:-/tmp/multi_gpu}
VOCAB=${VOCAB:-$SRC/tests/reference/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz}
die() { echo "multi_gpu_device: ERROR: $*" >&2; exit 1; }
export NCCL_NVLS_ENABLE=0  # NVLink multicast off: on shared hosts it can take the GPUs down
# Progress goes to $OUT/progress.log as it happens: a device call stopped at its time limit still
# returns what $OUT holds (session 6 lost a whole call to an end-of-run-only report).
if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && exec > >(tee -a "$OUT/progress.log") 2>&1; fi
export PYTHONUNBUFFERED=1

[ -f "$SRC/CMakePresets.json" ] || die "$SRC is not the source tree (set SRC)"
[ -f "$VOCAB" ] || die "$VOCAB missing (carry tests/reference/official or set VOCAB)"
command -v nvidia-smi > /dev/null || die "no nvidia-smi: not a GPU machine"
[ "$(nvidia-smi -L | wc -l)" -ge 2 ] || die "needs 2 GPUs, found: $(nvidia-smi -L)"
rm -rf "$W" && mkdir -p "$W"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$W/gpu.txt"

# Build (engine only, LibTorch + NCCL from the pip torch).
cd "$SRC" || die "cannot enter $SRC"
. tests/reference/engine_cli_build.sh
engine_cli_build  # sets B
grep -E "Distributed training" "$W/configure.log" 2> /dev/null | head -1

# sam3 without dropout / drop-path; a training config with no periodic validation, TensorBoard
# off, checkpoints at epoch ends kept (the resume needs step 50).
sam3_no_dropout "$W/sam3-no-dropout.yaml"
cat > "$W/train.yaml" << 'EOF'
train:
  epochs: 2
validation:
  every_epochs: 0
checkpoint:
  every_epochs: 1
  keep_last: 2
logging:
  tensorboard: false
EOF
PHOTOS=$((STEPS))  # global batch 2: an epoch of STEPS/2 steps, 2 epochs = STEPS steps
common=(train --synthetic "$PHOTOS" --model-config "$W/sam3-no-dropout.yaml" --config "$W/train.yaml"
  --max-steps "$STEPS" --vocab "$VOCAB")

run() {  # name, extra args...
  local name=$1; shift
  local t=$SECONDS
  "$B" "${common[@]}" --run "$W/run_$name" "$@" > "$W/$name.json" 2> "$W/$name.log"
  local rc=$?
  echo "$name: rc=$rc ($((SECONDS - t)) s)"
  grep -E '^error|data-parallel|resumed' "$W/$name.log" | head -5
  return $rc
}

run 1gpu --device cuda:0 --batch-size 2 || die "1-GPU run failed (see $W/1gpu.log)"
rm -f "$W"/run_1gpu/checkpoints/*.state.safetensors
if [ "${CONTROL:-0}" = 1 ]; then  # the same single-GPU run again: how far rounding alone goes
  run 1gpu_again --device cuda:0 --batch-size 2 || die "second 1-GPU run failed"
  rm -f "$W"/run_1gpu_again/checkpoints/*.state.safetensors
fi
run 2gpu --gpus 2 --batch-size 1 || die "2-GPU run failed (see $W/2gpu.log)"

# 3. Resume the 2-GPU run at its step-50 checkpoint on one GPU with the same global batch.
HALF=$((STEPS / 2))
mkdir -p "$W/run_resume/checkpoints"
cp "$W/run_2gpu/config.yaml" "$W/run_resume/"
stem=$(printf 'step_%09d' "$HALF")
# Moved, not copied, and the other states deleted: a full-size state file is ~10 GB.
mv "$W/run_2gpu/checkpoints/$stem".* "$W/run_resume/checkpoints/" || die "no step-$HALF checkpoint"
rm -f "$W"/run_2gpu/checkpoints/*.state.safetensors
t=$SECONDS
"$B" train --synthetic "$PHOTOS" --resume "$W/run_resume" --vocab "$VOCAB" --device cuda:0 \
  --batch-size 2 > "$W/resume.json" 2> "$W/resume.log"
echo "resume: rc=$? ($((SECONDS - t)) s)"
grep -E '^error|resumed' "$W/resume.log" | head -3
rm -f "$W"/run_resume/checkpoints/*.state.safetensors

# 4. Kill rank 1 after step 5 of a 2-GPU run: the job must stop with a clear error, not hang.
t=$SECONDS
"$B" "${common[@]}" --run "$W/run_kill" --gpus 2 --batch-size 1 --dist-timeout 60 \
  > "$W/kill.json" 2> "$W/kill.log" &
launcher=$!
for _ in $(seq 1 600); do
  grep -q '^step 5/' "$W/kill.log" 2> /dev/null && break
  kill -0 $launcher 2> /dev/null || break
  sleep 0.5
done
pid1=$(sed -nE 's/^train: rank 1 pid ([0-9]+)/\1/p' "$W/kill.log" | head -1)
[ -n "$pid1" ] || die "no rank 1 pid in $W/kill.log"
kill -9 "$pid1"
tk=$SECONDS
wait $launcher
rc=$?
echo "kill: rank 1 (pid $pid1) killed after step 5; launcher rc=$rc, stopped $((SECONDS - tk)) s after the kill"
grep -E '^error|^train: rank' "$W/kill.log" | tail -4

python3 - "$W" "$STEPS" "$HALF" << 'EOF'
import json, statistics, sys
W, steps, half = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def curve(name):
    out = {}
    for line in open(f"{W}/run_{name}/metrics.jsonl"):
        j = json.loads(line)
        if j.get("type") == "step":
            out[j["step"]] = j
    return out
one, two, res = curve("1gpu"), curve("2gpu"), curve("resume")
import os
if os.path.exists(f"{W}/run_1gpu_again/metrics.jsonl"):
    again = curve("1gpu_again")
def compare(a, b, first, last, label):
    worst_abs = worst_rel = 0.0
    at = None
    for s in range(first, last + 1):
        if s not in a or s not in b:
            print(f"{label}: step {s} missing"); return
        d = abs(a[s]["loss"] - b[s]["loss"])
        r = d / max(abs(a[s]["loss"]), 1e-12)
        if r > worst_rel: worst_rel, at = r, s
        worst_abs = max(worst_abs, d)
    print(f"{label}, steps {first}-{last}: max |diff| {worst_abs:.4g}, max rel {worst_rel:.3g}"
          f" (at step {at})")
compare(one, two, 1, steps, "loss 2 GPUs x batch 1 vs 1 GPU x batch 2")
if os.path.exists(f"{W}/run_1gpu_again/metrics.jsonl"):
    compare(one, again, 1, steps, "control: the same 1-GPU run twice")
    compare(one, again, 1, 10, "  first 10 steps")
compare(one, two, 1, 10, "  first 10 steps")
compare(one, res, half + 1, steps, "loss resumed on 1 GPU (from the 2-GPU step-%d checkpoint) vs 1 GPU" % half)
compare(two, res, half + 1, steps, "loss resumed on 1 GPU vs the 2-GPU run")
def ips(c):
    return statistics.median(c[s]["images_per_second"] for s in sorted(c) if s >= 2)
i1, i2 = ips(one), ips(two)
print(f"images/s (median of steps 2-{steps}): 1 GPU {i1:.2f}, 2 GPUs {i2:.2f}, ratio {i2 / i1:.2f}"
      " (target >= 1.8)")
peak = lambda c: max(c[s]["gpu_peak_bytes"] for s in c) / 2**30
print(f"peak GPU memory (rank 0): 1 GPU {peak(one):.2f} GiB, 2 GPUs {peak(two):.2f} GiB")
with open(f"{W}/losses.tsv", "w") as f:
    f.write("step\tloss_1gpu\tloss_2gpu\tloss_resume\n")
    for s in range(1, steps + 1):
        f.write(f"{s}\t{one.get(s, {}).get('loss', '')}\t{two.get(s, {}).get('loss', '')}\t"
                f"{res.get(s, {}).get('loss', '')}\n")
EOF
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  tar czf "$OUT/multi_gpu.tgz" --exclude='*.safetensors' --exclude='build.log' \
    -C "$(dirname "$W")" "$(basename "$W")"
fi
