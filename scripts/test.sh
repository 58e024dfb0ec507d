#!/usr/bin/env bash
# Sets up (see setup.sh) and runs every test: the lit suite (which includes
# building a downstream tool against the installed CMake package) and the
# Python tests (importer, API, torchvision backbones against PyTorch).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

status=0
/usr/lib/llvm-22/bin/lit -sv build/test --output build/lit-results.json || status=$?
PYTHONPATH=build/python /usr/bin/python3 -m pytest test/python -q \
  --junitxml=build/pytest-results.xml || status=$?

# One closing line over both suites that any CI reads: "N passed, N failed".
/usr/bin/python3 - <<'PY'
import json
import xml.etree.ElementTree as ElementTree
lit = json.load(open("build/lit-results.json"))["tests"]
passed = sum(t["code"] in ("PASS", "XFAIL") for t in lit)
failed = len(lit) - passed
suite = ElementTree.parse("build/pytest-results.xml").getroot().find("testsuite")
bad = int(suite.get("failures")) + int(suite.get("errors"))
passed += int(suite.get("tests")) - bad - int(suite.get("skipped"))
failed += bad
print(f"{passed} passed, {failed} failed")
PY
exit "$status"
