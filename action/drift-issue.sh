#!/usr/bin/env bash
# One issue labelled $DRIFT_LABEL: opened or updated while Kinde differs
# from the default branch, closed with a comment when it matches again. No
# Kinde credentials reach this step.
set -euo pipefail
repo="$GITHUB_REPOSITORY"
out="$RUNNER_TEMP/kindesync"
run_url="$GITHUB_SERVER_URL/$repo/actions/runs/$GITHUB_RUN_ID"
issue=$(gh issue list --repo "$repo" --label "$DRIFT_LABEL" --state open --json number --jq 'first | select(. != null) | .number')
case "$EXITCODE" in
  0)
    if [ -n "$issue" ]; then
      gh issue close "$issue" --repo "$repo" --comment "Kinde matches ${GITHUB_SHA:0:12} again ([run]($run_url))."
    fi
    echo "no drift" >>"$GITHUB_STEP_SUMMARY"
    ;;
  2 | 3)
    body="$out/drift-issue.md"
    {
      echo "Kinde differs from the configuration at ${GITHUB_SHA:0:12} ([run]($run_url)): someone changed it outside the pull-request flow, or an apply failed."
      echo "A pull request that takes the change into the files, or one that reverts it, closes this; the plan below is what applying main would do."
      echo
      awk '/^<!-- kindesync: next part -->$/{exit} {print}' "$out/drift.md" | head -c 60000
    } >"$body"
    if [ -n "$issue" ]; then
      gh issue edit "$issue" --repo "$repo" --body-file "$body" >/dev/null
      echo "updated #$issue"
    else
      gh label create "$DRIFT_LABEL" --repo "$repo" --color d93f0b --description "kindesync: Kinde differs from the default branch" --force >/dev/null
      gh issue create --repo "$repo" --title "kindesync: Kinde drifted from the configuration" --label "$DRIFT_LABEL" --body-file "$body"
    fi
    head -c 900000 "$out/drift.md" >>"$GITHUB_STEP_SUMMARY"
    ;;
esac
