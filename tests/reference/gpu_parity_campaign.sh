#!/usr/bin/env bash
# Full-size SAM3 parity (fp32 and bf16, our safetensors, sam3.pt and HF layouts) and inference
# latency beside the official eager code, in one GPU-machine call. Run from the repository root
# with `carry: ["tests/reference/official"]`; writes $OUT/campaign.tgz and prints a summary.
# Results are recorded in docs/parity.md and docs/performance.md.
set -uo pipefail
export PYTHONUNBUFFERED=1
W=/tmp/campaign && mkdir -p "$W"
export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$W/gpu.txt"
cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
  -DSAM3STUDIO_BUILD_TESTS=OFF > "$W/configure.log" 2>&1 || { tail -40 "$W/configure.log"; exit 1; }
( time cmake --build --preset engine-only --target sam3studio-cli -j 16 ) > "$W/build.log" 2>&1 \
  || { grep -E 'error|Error' "$W/build.log" | head -40; exit 1; }
tail -3 "$W/build.log"
B=$PWD/build/engine-only/bin/sam3studio-cli

( cd tests/reference &&
  python3 make_parity_fixtures.py --model sam3 --out /tmp/fx/sam3 --timings "$W/official_timings.json" \
    --bf16-reference \
    > "$W/official.log" 2>&1; echo "official fixtures rc=$?"; tail -3 "$W/official.log"
  python3 write_checkpoint_layouts.py /tmp/fx/sam3/text_only /tmp/fx/layouts > "$W/layouts.log" 2>&1
  echo "layouts rc=$?"; tail -3 "$W/layouts.log" )

run_parity() {  # name, args...
  local name=$1; shift
  "$B" parity "$@" --device cuda --json "$W/parity_$name.json" > "$W/parity_$name.txt" 2>&1
  echo "parity $name rc=$?"; grep -E 'pred_logits|pred_boxes |presence_logit_dec|agreement|rror' "$W/parity_$name.txt"
}
cp /tmp/fx/sam3/*/official_bf16_vs_fp32.json "$W/" 2>/dev/null
for c in text_only text_and_boxes; do
  echo "official bf16 vs official fp32 ($c): $(cat /tmp/fx/sam3/$c/official_bf16_vs_fp32.json | tr -d '\n ')"
done
run_parity text_only_fp32 /tmp/fx/sam3/text_only --tolerance 1e-3
run_parity text_and_boxes_fp32 /tmp/fx/sam3/text_and_boxes --tolerance 1e-3
run_parity text_only_bf16 /tmp/fx/sam3/text_only --bf16
run_parity text_and_boxes_bf16 /tmp/fx/sam3/text_and_boxes --bf16
run_parity text_only_fp32_samptlayout /tmp/fx/sam3/text_only --weights /tmp/fx/layouts/sam3.pt --tolerance 1e-3
run_parity text_only_fp32_hflayout /tmp/fx/sam3/text_only --weights /tmp/fx/layouts/hf/model.safetensors --tolerance 1e-3
run_parity text_only_bf16_hflayout /tmp/fx/sam3/text_only --weights /tmp/fx/layouts/hf/model.safetensors --bf16
run_parity text_and_boxes_fp32_hflayout /tmp/fx/sam3/text_and_boxes --weights /tmp/fx/layouts/hf/model.safetensors --tolerance 1e-3
# bf16 against the official code under the same bf16 autocast (outputs_bf16.safetensors)
run_parity text_only_bf16_vs_official_bf16 /tmp/fx/sam3/text_only --bf16 --reference /tmp/fx/sam3/text_only/outputs_bf16.safetensors
run_parity text_and_boxes_bf16_vs_official_bf16 /tmp/fx/sam3/text_and_boxes --bf16 --reference /tmp/fx/sam3/text_and_boxes/outputs_bf16.safetensors
run_parity text_only_bf16_hflayout_vs_official_bf16 /tmp/fx/sam3/text_only --weights /tmp/fx/layouts/hf/model.safetensors --bf16 --reference /tmp/fx/sam3/text_only/outputs_bf16.safetensors

# predict end to end on CUDA (the CLI users run): the fixture's preprocessed image, its prompt, the
# sam3.pt layout; --raw-out compared with the official outputs by compare_raw.py
PROMPT=$(python3 -c 'import json;print(json.load(open("/tmp/fx/sam3/text_only/meta.json"))["prompt"])')
VOCAB=tests/reference/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz
for prec in fp32 bf16; do
  flag=""; [ $prec = fp32 ] && flag="--fp32"
  ( time "$B" predict --input-tensor /tmp/fx/sam3/text_only/inputs.safetensors -p "$PROMPT" \
      -m /tmp/fx/layouts/sam3.pt --vocab $VOCAB --device cuda $flag --threshold 0.0 \
      --out "$W/predict_$prec.json" --raw-out /tmp/predict_raw_$prec.safetensors ) > "$W/predict_$prec.txt" 2>&1
  echo "predict cuda $prec rc=$? detections=$(python3 -c "import json;print(len(json.load(open('$W/predict_$prec.json'))))" 2>&1)"
  tail -3 "$W/predict_$prec.txt"
  ref=/tmp/fx/sam3/text_only/outputs.safetensors; [ $prec = bf16 ] && ref=/tmp/fx/sam3/text_only/outputs_bf16.safetensors
  python3 tests/reference/compare_raw.py /tmp/predict_raw_$prec.safetensors $ref | tee "$W/predict_${prec}_vs_official.txt"
done

"$B" bench --model-config sam3 --device cuda -n 20 --json "$W/bench_bf16.json" > "$W/bench_bf16.txt" 2>&1
echo "bench bf16 rc=$?"; grep -E 'stage|median|peak' "$W/bench_bf16.txt" | paste - - | head -12
"$B" bench --model-config sam3 --device cuda --fp32 -n 20 --json "$W/bench_fp32.json" > "$W/bench_fp32.txt" 2>&1
echo "bench fp32 rc=$?"
tar -czf "$OUT/campaign.tgz" -C "$W" .
