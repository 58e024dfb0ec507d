#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang-22 (AddressSanitizer +
# UndefinedBehaviorSanitizer) in build-fuzz/ and runs both at once, each for
# SECONDS (default 600), from a seed corpus of every lit test input. Findings
# (crash-*, timeout-*, leak-*, oom-*) land in build-fuzz/findings/.
# usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
scripts/setup.sh >/dev/null
scripts/install-missing.sh clang-22 libclang-rt-22-dev
LLVM_ROOT=/usr/lib/llvm-22
if [[ ! -f build-fuzz/build.ninja ]]; then
  cmake -G Ninja -S . -B build-fuzz \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DNN_BUILD_FUZZERS=ON -DNN_ENABLE_SANITIZERS=ON -DNN_ENABLE_PYTHON=OFF \
    -DMLIR_DIR="$LLVM_ROOT/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_ROOT/bin/lit" >/dev/null
fi
targets=(nn-parse-verify-fuzzer nn-fold-fuzzer)
cmake --build build-fuzz --target "${targets[@]}"

# Seeds: every lit input, split where -split-input-file would split it.
seeds=build-fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds" build-fuzz/findings
/usr/bin/python3 - "$seeds" <<'PY'
import pathlib, sys
out = pathlib.Path(sys.argv[1])
for path in pathlib.Path("test").rglob("*.mlir"):
    for i, chunk in enumerate(path.read_text().split("// -----")):
        (out / f"{path.stem}-{i}.mlir").write_text(chunk)
PY

export ASAN_OPTIONS=detect_leaks=1
for target in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$target"
  build-fuzz/bin/$target "build-fuzz/corpus/$target" "$seeds" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="build-fuzz/findings/$target-" -print_final_stats=1 \
    > "build-fuzz/$target.log" 2>&1 &
done
status=0
wait || status=$?
for target in "${targets[@]}"; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/$target.log" | grep -o '[0-9]*$' || echo 0)
  findings=$(find build-fuzz/findings -name "$target-*" | wc -l)
  echo "$target: $runs inputs in ${seconds}s, $findings findings (crash/timeout/leak/oom)"
done
exit "$status"
