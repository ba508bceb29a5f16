#!/usr/bin/env bash
# Finds the plan reviewed for the commit being applied: the pull request
# merged as $GITHUB_SHA, the plan artifact named after its head commit,
# uploaded by a pull_request run of this same workflow for that commit.
# Fails when there is none: apply never plans afresh.
set -euo pipefail
repo="$GITHUB_REPOSITORY"
out="$RUNNER_TEMP/kindesync"
mkdir -p "$out"

pr=$(gh api "repos/$repo/commits/$GITHUB_SHA/pulls" \
  --jq '[.[] | select(.merged_at != null)] | first | select(. != null) | [(.number | tostring), .head.sha, ([.labels[].name] | join(","))] | @tsv')
if [ -z "$pr" ]; then
  echo "::error::no merged pull request has the commit $GITHUB_SHA: kindesync applies only plans reviewed in a pull request (nothing was applied)"
  exit 1
fi
IFS=$'\t' read -r number head labels <<<"$pr"
name="kindesync-plan-$head"
echo "pull request #$number, head $head: looking for the artifact $name"

# This workflow's file, so that a plan uploaded by another workflow is not used.
workflow_path="${GITHUB_WORKFLOW_REF#"$repo"/}"
workflow_path="${workflow_path%@*}"
run=""
while IFS=$'\t' read -r id; do
  [ -n "$id" ] || continue
  meta=$(gh api "repos/$repo/actions/runs/$id" --jq '[.event, .head_sha, .path] | @tsv')
  IFS=$'\t' read -r event sha path <<<"$meta"
  if [ "$sha" = "$head" ] && [ "$path" = "$workflow_path" ] && { [ "$event" = pull_request ] || [ "$event" = pull_request_target ]; }; then
    run=$id
    break
  fi
done < <(gh api "repos/$repo/actions/artifacts?name=$name&per_page=100" \
  --jq '[.artifacts[] | select(.expired | not)] | sort_by(.created_at) | reverse | .[].workflow_run.id | tostring')
if [ -z "$run" ]; then
  echo "::error::no plan artifact $name from a pull_request run of $workflow_path: the plan of pull request #$number was never saved, failed, or expired. Nothing was applied; re-run the plan job of #$number's last commit, or plan and apply main by hand."
  exit 1
fi
rm -rf "$out/reviewed"
gh run download "$run" --repo "$repo" --name "$name" --dir "$out/reviewed"
if [ ! -s "$out/reviewed/plan.json" ]; then
  echo "::error::the artifact $name of run $run holds no plan.json; nothing was applied"
  exit 1
fi
allow=false
case ",$labels," in *",$ALLOW_DELETES_LABEL,"*) allow=true ;; esac
{
  echo "plan=$out/reviewed/plan.json"
  echo "allow-deletes=$allow"
  echo "pr=$number"
} >>"$GITHUB_OUTPUT"
echo "plan of pull request #$number from run $run; --allow-deletes: $allow"
