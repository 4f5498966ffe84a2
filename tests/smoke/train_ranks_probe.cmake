# `train --gpus 2 --device cpu`: the launcher starts 2 Gloo ranks of sam3-tiny on the CPU, rank 0
# alone prints the summary and writes the run folder. Then `--gpus 4096` without --device cpu must
# fail with a clear message before starting anything. Without ../shared it prints SKIP.
if(NOT EXISTS "${VOCAB}")
  message("SKIP: ${VOCAB} absent (../shared not beside the checkout)")
  return()
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(run "${WORK_DIR}/run")
execute_process(
  COMMAND "${CLI}" train --synthetic 4 --model-config sam3-tiny --device cpu --gpus 2
          --max-steps 2 --vocab "${VOCAB}" --run "${run}" --dist-timeout 300
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "train --gpus 2 --device cpu failed (${rc}):\n${out}\n${err}")
endif()
foreach(pattern "train: rank 0 pid [0-9]+" "train: rank 1 pid [0-9]+"
                "data-parallel: 2 ranks over gloo, global batch 2")
  if(NOT err MATCHES "${pattern}")
    message(FATAL_ERROR "stderr lacks '${pattern}':\n${err}")
  endif()
endforeach()
# One summary (rank 0's), with the world size and the global batch.
string(JSON world GET "${out}" world_size)
string(JSON steps GET "${out}" steps)
string(JSON batch GET "${out}" global_batch)
string(JSON seen GET "${out}" samples_seen)
if(NOT world EQUAL 2 OR NOT steps EQUAL 2 OR NOT batch EQUAL 2 OR NOT seen EQUAL 4)
  message(FATAL_ERROR "summary: world ${world} steps ${steps} batch ${batch} seen ${seen}\n${out}")
endif()
foreach(f config.yaml metrics.jsonl model_card.json checkpoints/step_000000002.safetensors)
  if(NOT EXISTS "${run}/${f}")
    message(FATAL_ERROR "run folder lacks ${f}")
  endif()
endforeach()

execute_process(
  COMMAND "${CLI}" train --synthetic 4 --model-config sam3-tiny --gpus 4096 --vocab "${VOCAB}"
          --run "${WORK_DIR}/never"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "train --gpus 4096: (no CUDA GPU.*add --device cpu|only [0-9]+ CUDA device)")
  message(FATAL_ERROR "train --gpus 4096 should fail clearly (${rc}):\n${out}\n${err}")
endif()
if(EXISTS "${WORK_DIR}/never")
  message(FATAL_ERROR "train --gpus 4096 created its run folder")
endif()
# --events (what the app reads): the refusal is one error event naming what to add, exit 1.
execute_process(
  COMMAND "${CLI}" train --synthetic 4 --model-config sam3-tiny --gpus 4096 --vocab "${VOCAB}"
          --run "${WORK_DIR}/never" --events
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "^{\"advice\":\"\",\"event\":\"error\",.*\"kind\":\"input\",.*train --gpus 4096: ")
  message(FATAL_ERROR "train --gpus 4096 --events: expected one error event (${rc}):\n${out}\n${err}")
endif()
# 2 ranks with --events: rank 0's steps and messages as events, one summary on stdout.
execute_process(
  COMMAND "${CLI}" train --synthetic 4 --model-config sam3-tiny --device cpu --gpus 2
          --max-steps 2 --vocab "${VOCAB}" --run "${WORK_DIR}/events" --dist-timeout 300 --events
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCHALL "\"event\":\"step\"" steps "${err}")
list(LENGTH steps n)
if(NOT rc EQUAL 0 OR NOT n EQUAL 2 OR
   NOT err MATCHES "{\"event\":\"message\",\"text\":\"data-parallel: 2 ranks over gloo")
  message(FATAL_ERROR "train --gpus 2 --events (${rc}, ${n} step events):\n${out}\n${err}")
endif()
string(JSON status GET "${out}" status)
if(NOT status STREQUAL "finished")
  message(FATAL_ERROR "train --gpus 2 --events summary: ${out}")
endif()
message("train --gpus 2 --device cpu: ok")
