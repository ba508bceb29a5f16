#!/usr/bin/env bash
# Plans the pull request: plan.md (markdown, in parts), plan.json (the saved
# plan apply --plan will carry out) and stderr.txt in $RUNNER_TEMP/kindesync.
# Always exits 0: the exit code goes to the step's output, so that the
# comment is written for every outcome; the action's last step fails the job.
set -euo pipefail
out="$RUNNER_TEMP/kindesync"
mkdir -p "$out"
rm -f "$out/plan.json" "$out/plan.md" "$out/stderr.txt"
args=(plan --format markdown --out "$out/plan.json" --detailed-exitcode)
read -r -a paths <<<"$FILES"
for f in "${paths[@]}"; do args+=(-f "$f"); done
if [ "$ALLOW_DELETES" = true ]; then args+=(--allow-deletes); fi
if [ -n "${CHANGED_FROM:-}" ]; then args+=(--changed-from "$CHANGED_FROM"); fi
set +e
KINDESYNC_COMMIT="$HEAD_SHA" KINDESYNC_ALLOW_DELETES_LABEL="${ALLOW_DELETES_LABEL:-}" NO_COLOR=1 kindesync "${args[@]}" >"$out/plan.md" 2>"$out/stderr.txt"
code=$?
set -e
cat "$out/stderr.txt" >&2
planned=false
if [ -s "$out/plan.json" ] && [ "$code" != 1 ]; then planned=true; fi
{
  echo "exitcode=$code"
  echo "planned=$planned"
  echo "artifact=kindesync-plan-$HEAD_SHA"
} >>"$GITHUB_OUTPUT"
