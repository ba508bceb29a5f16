#!/usr/bin/env bash
# Carries out the reviewed plan. apply --plan re-reads what the plan was
# computed from and, with -f, checks the files are those it was planned
# from: drift in Kinde or another merged pull request makes it refuse
# ("saved plan is stale", exit 1, nothing written).
set -euo pipefail
out="$RUNNER_TEMP/kindesync"
args=(apply --plan "$PLAN" --auto-approve --journal "$out/journal.jsonl")
read -r -a paths <<<"$FILES"
for f in "${paths[@]}"; do args+=(-f "$f"); done
if [ "$ALLOW_DELETES" = true ]; then args+=(--allow-deletes); fi
set +e
NO_COLOR=1 kindesync "${args[@]}"
code=$?
set -e
echo "exitcode=$code" >>"$GITHUB_OUTPUT"
if [ "$code" != 0 ]; then
  echo "::error::kindesync apply exited $code: see the log above; the journal artifact lists every write"
fi
exit "$code"
