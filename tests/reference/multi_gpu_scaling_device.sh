#!/usr/bin/env bash
# Issue 13, second device call (after multi_gpu_device.sh): on a host with 2 GPUs,
#   1. fp32 (autocast off, TF32 off) loss parity: 1 GPU x batch 2 against 2 GPUs x batch 1, same
#      seed and global batch, STEPS_FP32 steps of the full `sam3` (random weights, dropout and
#      drop-path off). In bf16 the two curves agree to rounding for ~7 steps, then the chaotic
#      early training of random weights amplifies the rounding; fp32 shows whether the 2-GPU
#      arithmetic is the 1-GPU arithmetic (differences of order 1e-6 that grow far more slowly).
#   2. Throughput at a fixed per-GPU batch (bf16, the default config): 1 GPU x batch B against
#      2 GPUs x batch B (global 2B), STEPS_SPEED steps each; images/s is the median over steps 3-.
# Usage (repository root on the device machine, carry tests/reference/official):
#   SRC=$PWD bash tests/reference/multi_gpu_scaling_device.sh
#   3. (with STEPS_SPEED) the same 2-GPU run with precision.grad_allreduce: bf16.
# Env: STEPS_FP32 (default 40; 0 skips 1.), STEPS_SPEED (30), B (per-GPU batch for 2., default 2),
# COMM_BF16 (1; 0 skips 3.), NCCL_BENCH (1; 0 skips the all-reduce timing), W, OUT. Prints the GPUs' interconnect (nvidia-smi topo -m) and NCCL's all-reduce time for the
# model's gradient volume (fp32 and bf16) from PyTorch itself, for comparison.
set -uo pipefail
SRC=${SRC:-$PWD}
W=${W:-/tmp/multi_gpu_scaling}
STEPS_FP32=${STEPS_FP32:-40}
STEPS_SPEED=${STEPS_SPEED:-30}
B=${B:-2}
VOCAB=${VOCAB:-$SRC/tests/reference/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz}
die() { echo "multi_gpu_scaling: ERROR: $*" >&2; exit 1; }
export NCCL_NVLS_ENABLE=0
if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && exec > >(tee -a "$OUT/progress.log") 2>&1; fi
[ -f "$SRC/CMakePresets.json" ] || die "$SRC is not the source tree (set SRC)"
[ -f "$VOCAB" ] || die "$VOCAB missing (carry tests/reference/official or set VOCAB)"
[ "$(nvidia-smi -L | wc -l)" -ge 2 ] || die "needs 2 GPUs, found: $(nvidia-smi -L)"
rm -rf "$W" && mkdir -p "$W"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
nvidia-smi topo -m | head -4
cat > "$W/allreduce.py" << 'EOF'
import os, sys, time, torch, torch.distributed as dist, torch.multiprocessing as mp
def main(rank):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT="29533")
    dist.init_process_group("nccl", rank=rank, world_size=2)
    torch.cuda.set_device(rank)
    n = 840_000_000  # about sam3's trainable parameters
    for dtype in (torch.float32, torch.bfloat16):
        t = torch.ones(n, dtype=dtype, device="cuda")
        times = []
        for _ in range(6):
            torch.cuda.synchronize(); t0 = time.perf_counter()
            dist.all_reduce(t); torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
        if rank == 0:
            ms = sorted(times[1:])[2] * 1e3
            print(f"nccl all-reduce of {n / 1e6:.0f} M {dtype}: {ms:.1f} ms"
                  f" ({n * t.element_size() / ms / 1e6:.0f} GB/s algorithm bandwidth)", flush=True)
        del t
    dist.destroy_process_group()
if __name__ == "__main__":
    mp.spawn(main, nprocs=2)
EOF
[ "${NCCL_BENCH:-1}" = 1 ] && timeout 120 python3 "$W/allreduce.py" 2>&1 | grep -v Warning | tail -3
cd "$SRC" || die "cannot enter $SRC"
. tests/reference/engine_cli_build.sh
engine_cli_build
BIN=$B
sam3_no_dropout "$W/sam3-no-dropout.yaml"
cat > "$W/bf16.yaml" << 'EOF'
train:
  epochs: 1
validation:
  every_epochs: 0
checkpoint:
  every_epochs: 1
  keep_last: 1
logging:
  tensorboard: false
EOF
printf 'precision:\n  amp: "off"\n' | cat "$W/bf16.yaml" - > "$W/fp32.yaml"
run() {  # name, photos, steps, config, extra args...
  local name=$1 photos=$2 steps=$3 config=$4; shift 4
  local t=$SECONDS
  "$BIN" train --synthetic "$photos" --model-config "$W/sam3-no-dropout.yaml" --config "$config" \
    --max-steps "$steps" --vocab "$VOCAB" --run "$W/run_$name" "$@" > "$W/$name.json" 2> "$W/$name.log"
  local rc=$?
  echo "$name: rc=$rc ($((SECONDS - t)) s)"
  grep -E '^error|data-parallel' "$W/$name.log" | head -3
  rm -f "$W/run_$name"/checkpoints/*.safetensors
  return $rc
}
# 1. fp32 parity (TF32 off for cuBLAS and cuDNN through the driver's override).
if [ "$STEPS_FP32" -gt 0 ]; then
  export NVIDIA_TF32_OVERRIDE=0
  P=$((2 * STEPS_FP32))
  run fp32_1gpu $P "$STEPS_FP32" "$W/fp32.yaml" --device cuda:0 --batch-size 2
  run fp32_2gpu $P "$STEPS_FP32" "$W/fp32.yaml" --gpus 2 --batch-size 1
  unset NVIDIA_TF32_OVERRIDE
fi
# 2. Throughput at a fixed per-GPU batch.
P=$((2 * B * STEPS_SPEED))
run speed_1gpu $P "$STEPS_SPEED" "$W/bf16.yaml" --device cuda:0 --batch-size "$B"
run speed_2gpu $P "$STEPS_SPEED" "$W/bf16.yaml" --gpus 2 --batch-size "$B"
grep -m1 'CPU threads per rank' "$W/speed_2gpu.log"
printf 'precision:\n  grad_allreduce: bf16\n' | cat "$W/bf16.yaml" - > "$W/bf16_comm.yaml"
[ "${COMM_BF16:-1}" = 1 ] && run speed_2gpu_bf16comm $P "$STEPS_SPEED" "$W/bf16_comm.yaml" --gpus 2 --batch-size "$B"
python3 - "$W" << 'EOF'
import json, os, statistics, sys
W = sys.argv[1]
def curve(name):
    out = {}
    path = f"{W}/run_{name}/metrics.jsonl"
    if not os.path.exists(path): return out
    for line in open(path):
        j = json.loads(line)
        if j.get("type") == "step": out[j["step"]] = j
    return out
a, b = curve("fp32_1gpu"), curve("fp32_2gpu")
steps = sorted(set(a) & set(b))
if steps:
    rel = {s: abs(a[s]["loss"] - b[s]["loss"]) / abs(a[s]["loss"]) for s in steps}
    first = next((s for s in steps if rel[s] > 1e-3), None)
    print(f"fp32 loss, 2 GPUs x 1 vs 1 GPU x 2, steps 1-{steps[-1]}: max rel {max(rel.values()):.3g}"
          f" (step {max(rel, key=rel.get)}); first step above 1e-3: {first}")
    for s in steps[:: max(1, len(steps) // 10)] + [steps[-1]]:
        print(f"  step {s}: {a[s]['loss']:.6f} vs {b[s]['loss']:.6f} (rel {rel[s]:.2e}),"
              f" grad_norm {a[s]['grad_norm']:.6g} vs {b[s]['grad_norm']:.6g}")
    with open(f"{W}/fp32_losses.tsv", "w") as f:
        f.write("step\tloss_1gpu\tloss_2gpu\n")
        for s in steps: f.write(f"{s}\t{a[s]['loss']}\t{b[s]['loss']}\n")
s1, s2 = curve("speed_1gpu"), curve("speed_2gpu")
if s1 and s2:
    ips = lambda c: statistics.median(c[s]["images_per_second"] for s in c if s >= 3)
    i1, i2 = ips(s1), ips(s2)
    print(f"images/s, per-GPU batch fixed (median of steps 3-): 1 GPU {i1:.2f}, 2 GPUs {i2:.2f},"
          f" ratio {i2 / i1:.2f} (target >= 1.8)")
    s3 = curve("speed_2gpu_bf16comm")
    if s3:
        print(f"  2 GPUs with bf16 gradient all-reduce: {ips(s3):.2f}, ratio {ips(s3) / i1:.2f}")
    peak = lambda c: max(c[s]["gpu_peak_bytes"] for s in c) / 2**30
    print(f"peak GPU memory (rank 0): 1 GPU {peak(s1):.2f} GiB, 2 GPUs {peak(s2):.2f} GiB")
EOF
if [ -n "${OUT:-}" ]; then
  tar czf "$OUT/multi_gpu_scaling.tgz" --exclude='*.safetensors' --exclude='build.log' \
    -C "$(dirname "$W")" "$(basename "$W")"
fi
