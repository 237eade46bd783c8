#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 300), on nightly with cargo-fuzz:
#   cargo install cargo-fuzz && rustup toolchain install nightly
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Hand-made seeds are in fuzz/seeds/TARGET (committed, read-only to the fuzzer); the corpus
# grows in fuzz/corpus/TARGET (minimise with `cargo +nightly fuzz cmin TARGET`, then commit);
# crashes land in fuzz/artifacts/TARGET. Each target's last libFuzzer status line (executions, coverage) is
# printed at the end and written to fuzz/last-run.txt.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-300}"
shift || true
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
# in-memory scratch for the OSM target's temporary file
export TMPDIR="${TMPDIR:-/dev/shm}"
summary=$(mktemp)
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log="artifacts/$t/last-run.log"
  echo "== $t: ${secs}s"
  if cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$secs" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see fuzz/$log and fuzz/artifacts/$t)"
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  printf '%-20s %-8s execs=%s  %s\n' "$t" "$result" "${execs:-?}" "$last" | tee -a "$summary"
done
cp "$summary" last-run.txt
echo "== summary (also in fuzz/last-run.txt)"
cat "$summary"
rm -f "$summary"
exit "$status"
