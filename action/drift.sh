#!/usr/bin/env bash
# Plans the default branch against Kinde: exit 0 no drift, 2 drift, 3 drift
# whose correction would need --allow-deletes, 1 error. Exits 0; the code
# goes to the step's output.
set -euo pipefail
out="$RUNNER_TEMP/kindesync"
mkdir -p "$out"
args=(plan --format markdown --detailed-exitcode)
read -r -a paths <<<"$FILES"
for f in "${paths[@]}"; do args+=(-f "$f"); done
set +e
KINDESYNC_COMMIT="$GITHUB_SHA" NO_COLOR=1 kindesync "${args[@]}" >"$out/drift.md" 2>"$out/stderr.txt"
code=$?
set -e
cat "$out/stderr.txt" >&2
echo "exitcode=$code" >>"$GITHUB_OUTPUT"
