#!/usr/bin/env bash
# Sets up (see setup.sh) and runs every test: the lit suite, which includes
# building a downstream tool against the installed CMake package.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

results=build/test-results.json
status=0
/usr/lib/llvm-22/bin/lit -sv build/test --output "$results" || status=$?
# One closing line that any CI reads: "N passed, N failed".
/usr/bin/python3 - "$results" <<'PY'
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
passed = sum(t["code"] in ("PASS", "XFAIL") for t in tests)
print(f"{passed} passed, {len(tests) - passed} failed")
PY
exit "$status"
