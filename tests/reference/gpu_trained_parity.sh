#!/usr/bin/env bash
# bf16 parity on weights that detect (GPU machine, one call). Random weights give scores and mask
# logits near 0, where bf16 rounding flips pixels in the official code as in ours; so: train the
# full sam3 with our trainer on 4 generated panels until it detects them (trained_overfit.yaml),
# give the checkpoint to the official model, and compare both codes in fp32 and bf16 on one of the
# training photos. Also reads the run's TensorBoard file with TensorBoard's own reader.
# Run from the repository root with carry [".campaign", "tests/reference/official"]; the photos
# are binary PPMs of `sam3studio-cli demo --seed 1 --width 160 --height 120 --photos 4` (the same
# generator and seed as `train --synthetic 4`) in .campaign/. Writes $OUT/trained.tgz.
set -uo pipefail
export PYTHONUNBUFFERED=1
W=/tmp/trained && mkdir -p "$W"
export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | tee "$W/gpu.txt"
if [ ! -x build/engine-only/bin/sam3studio-cli ]; then
  cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
    -DSAM3STUDIO_BUILD_TESTS=OFF > "$W/configure.log" 2>&1 || { tail -40 "$W/configure.log"; exit 1; }
  ( time cmake --build --preset engine-only --target sam3studio-cli -j 16 ) > "$W/build.log" 2>&1 \
    || { grep -E 'error|Error' "$W/build.log" | head -40; exit 1; }
  tail -3 "$W/build.log"
fi
B=$PWD/build/engine-only/bin/sam3studio-cli
VOCAB=$PWD/tests/reference/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz
PHOTO=${PHOTO:-.campaign/panel_002.ppm}
STEPS=${STEPS:-250}

( time "$B" train --config tests/reference/trained_overfit.yaml --synthetic 4 --max-steps "$STEPS" \
    --vocab "$VOCAB" --run "$W/run" ) > "$W/train.log" 2>&1
echo "train rc=$?"; grep -E '^step' "$W/train.log" | awk 'NR % 5 == 1' ; tail -4 "$W/train.log"
CKPT=$(ls "$W"/run/checkpoints/step_*.safetensors | grep -v state | tail -1)
[ -n "$CKPT" ] || { echo "no checkpoint: training failed"; tail -5 "$W/train.log"; exit 1; }
echo "checkpoint: $CKPT ($(du -h "$CKPT" | cut -f1))"

python3 - "$W/run" <<'PY' > "$W/tensorboard.txt" 2>&1
import glob, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
f = glob.glob(sys.argv[1] + "/events.out.tfevents.*")[0]
acc = EventAccumulator(f, size_guidance={"scalars": 0}); acc.Reload()
tags = acc.Tags()["scalars"]
print(f"{f}: {len(tags)} scalar tags")
for t in sorted(tags):
    ev = acc.Scalars(t)
    print(f"  {t:40s} {len(ev):5d} points, steps {ev[0].step}..{ev[-1].step}, last {ev[-1].value:.6g}")
PY
echo "tensorboard rc=$?"; head -40 "$W/tensorboard.txt"

( cd tests/reference &&
  python3 make_parity_fixtures.py --model sam3 --out /tmp/fxt --cases text_only \
    --load-weights "$CKPT" --image "../../$PHOTO" --prompt "fuse cutout" --bf16-reference \
    > "$W/official.log" 2>&1; echo "official fixtures rc=$?"; grep -E 'loaded|official bf16' "$W/official.log"; tail -2 "$W/official.log" )

run_parity() {  # name, args...
  local name=$1; shift
  "$B" parity "$@" --device cuda --json "$W/parity_$name.json" > "$W/parity_$name.txt" 2>&1
  echo "parity $name rc=$?"; grep -E 'pred_logits|pred_boxes |presence_logit_dec|scores|agreement|detections|iou|IoU|rror' "$W/parity_$name.txt"
}
run_parity fp32 /tmp/fxt/text_only --tolerance 1e-3
run_parity bf16_vs_official_fp32 /tmp/fxt/text_only --bf16
run_parity bf16_vs_official_bf16 /tmp/fxt/text_only --bf16 --reference /tmp/fxt/text_only/outputs_bf16.safetensors
run_parity bf16w_vs_official_fp32 /tmp/fxt/text_only --bf16 --bf16-weights
cp /tmp/fxt/text_only/meta.json /tmp/fxt/text_only/official_bf16_vs_fp32.json "$W/" 2>/dev/null
rm -f "$W"/run/checkpoints/*.safetensors
tar -czf "$OUT/trained.tgz" -C "$W" .
