#!/usr/bin/env bash
# Builds the benchmark harness and runs every benchmark; see docs/benchmarks.md.
#   benchmarks/run.sh            full mode (about 6-7 minutes, estimated)
#   benchmarks/run.sh --quick    quick mode (about 2.5 minutes)
# Extra arguments go to RunAll (e.g. --only jmh,transport,stream).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -Dmaven.test.skip=true
exec java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.github.camelai.bench.RunAll \
  --out benchmarks/target/bench-results.md "$@"
