#!/usr/bin/env bash
# The whole suite: lint, then the tests on SQLite, then on PostgreSQL when
# TEST_DATABASE_URL names one (CI gives the machine's server). Called by `make test`.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

pytest_run() {
  "$BIN/pytest" "$@"
  local status=$?
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure, not a pass." >&2
    exit 1
  fi
  [ "$status" -eq 0 ] || exit "$status"
}

echo "== ruff"
"$BIN/ruff" check . || exit 1
"$BIN/ruff" format --check . || exit 1

echo "== tests on SQLite (with the browser suite)"
TEST_DATABASE_URL= pytest_run -q "$@"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== tests on PostgreSQL ($TEST_DATABASE_URL)"
  pytest_run -q -m "not e2e" "$@"
fi
