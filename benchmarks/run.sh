#!/usr/bin/env bash
# Builds the benchmark harness and runs every benchmark; see docs/benchmarks.md.
#   benchmarks/run.sh            full mode (about 6-7 minutes, estimated)
#   benchmarks/run.sh --quick    quick mode (about 2.5 minutes)
#   benchmarks/run.sh --soak     the fault-injection soak (12,000 exchanges, about a minute; see docs/reliability.md)
#   benchmarks/run.sh --adaptive adaptive concurrency: 800 calls at once against a service that serves 16 at a time
#                                (about half a minute; --calls, --served, --latency-ms, --max)
#   benchmarks/run.sh --e2e      the end-to-end comparison only (about 20 minutes): the components against raw
#                                HttpClient 5, camel-http and Vert.x; redraws docs/benchmarks-e2e.svg
#   benchmarks/run.sh --enrichment  the Kafka-to-LLM flow and the quota cases (about 3 minutes): the one-at-a-time
#                                route against examples/.../kafka-enrichment.yaml, then 429s with and without quotas and
#                                adaptive concurrency; writes benchmarks/target/enrichment-results.md and
#                                docs/benchmarks-enrichment.svg
# Extra arguments go to RunAll (e.g. --only jmh,transport,stream) or, after --soak, to Soak (--exchanges N).
set -euo pipefail
cd "$(dirname "$0")/.."
# -DskipTests, not -Dmaven.test.skip: the components' tests need camel-llm-common's test-jar, which that would not build
mvn -B -q -pl benchmarks -am package -DskipTests
if [ "${1:-}" = "--adaptive" ]; then
  shift
  exec java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.github.camelai.bench.AdaptiveBench "$@"
fi
if [ "${1:-}" = "--soak" ]; then
  shift
  exec java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.github.camelai.bench.Soak --exchanges 12000 "$@"
fi
if [ "${1:-}" = "--enrichment" ]; then
  shift
  exec java -Xmx2g -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.github.camelai.bench.EnrichmentBench "$@"
fi
args=()
for a in "$@"; do
  if [ "$a" = "--e2e" ]; then
    args+=(--quick --only e2e --svg docs/benchmarks-e2e.svg)
  else
    args+=("$a")
  fi
done
exec java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.github.camelai.bench.RunAll \
  --out benchmarks/target/bench-results.md ${args[@]+"${args[@]}"}
