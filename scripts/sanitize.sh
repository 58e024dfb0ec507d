#!/usr/bin/env bash
# Builds nn-opt and nn-run with AddressSanitizer + UndefinedBehaviorSanitizer
# in build-asan/ and runs the lit suite with them (it includes the quick
# random-graph differential test). Any sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
LLVM_ROOT=/usr/lib/llvm-22
if [[ ! -f build-asan/build.ninja ]]; then
  cmake -G Ninja -S . -B build-asan \
    -DCMAKE_BUILD_TYPE=Release \
    -DNN_ENABLE_SANITIZERS=ON \
    -DNN_ENABLE_PYTHON=OFF \
    -DMLIR_DIR="$LLVM_ROOT/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_ROOT/bin/lit" >/dev/null
fi
cmake --build build-asan --target nn-opt nn-run
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
# LeakSanitizer's thread-stopping tracer crashes reading the TLS of libomp's
# worker threads; without TLS as a root it can only report more, not less.
export LSAN_OPTIONS="use_tls=0:suppressions=$PWD/scripts/lsan.supp"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$LLVM_ROOT/bin/lit" -sv build-asan/test
