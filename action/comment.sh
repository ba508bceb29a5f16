#!/usr/bin/env bash
# Keeps ONE plan comment per pull request, updated in place: its first part
# carries the marker <!-- kindesync:plan part 1 -->, further parts (a plan
# over GitHub's comment limit) are follow-up comments with their own
# markers, updated, added or deleted to match. Only comments by
# COMMENT_AUTHOR are touched. Also writes the step summary, under GitHub's
# 1 MiB limit. No Kinde credentials reach this step.
set -euo pipefail
out="$RUNNER_TEMP/kindesync"
repo="$GITHUB_REPOSITORY"
run_url="$GITHUB_SERVER_URL/$repo/actions/runs/$GITHUB_RUN_ID"
short="${HEAD_SHA:0:12}"

# escape makes text safe to show inside <pre>: no markup, no mentions.
escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/@/\&#64;/g'; }

# Split the markdown plan at kindesync's part separator.
rm -f "$out"/part-*.md
if [ -s "$out/plan.md" ]; then
  awk -v dir="$out" 'BEGIN{n=1; f=dir "/part-1.md"} /^<!-- kindesync: next part -->$/{close(f); n++; f=dir "/part-" n ".md"; next} {print > f}' "$out/plan.md"
fi
nparts=$(find "$out" -maxdepth 1 -name 'part-*.md' | wc -l)

footer="<sub>Planned at ${short} · [run]($run_url) · artifact \`$ARTIFACT\` · apply runs exactly this plan after merge, or refuses if Kinde or the files changed.</sub>"
case "$EXITCODE" in
  0) status="**kindesync**: no changes. Kinde matches the configuration." ;;
  2) status="**kindesync**: the plan below is applied when this pull request is merged." ;;
  3) status="**kindesync: blocked by a safety limit.** Nothing will be applied until it is lifted: add the label \`$ALLOW_DELETES_LABEL\` to this pull request to allow the deletions, then the plan runs again." ;;
  *) status="**kindesync: the plan failed (exit $EXITCODE).** Nothing will be applied." ;;
esac

body1="$out/comment-1.md"
{
  echo "<!-- kindesync:plan part 1 -->"
  echo "$status"
  echo
  if [ "$EXITCODE" != 0 ] && [ "$EXITCODE" != 2 ]; then
    echo "<pre>"
    tail -n 60 "$out/stderr.txt" | cut -c1-200 | escape
    echo "</pre>"
    echo
  fi
  if [ "$EXITCODE" = 2 ] || [ "$EXITCODE" = 3 ]; then
    if [ -f "$out/part-1.md" ]; then cat "$out/part-1.md"; fi
    if [ "$nparts" -gt 1 ]; then echo; echo "_Continued in $((nparts - 1)) more comment(s) below._"; fi
  fi
  echo
  echo "$footer"
} >"$body1"
# GitHub refuses a comment over 65,536 characters; parts are under 65,000.
cap() {
  if [ "$(wc -c <"$1")" -gt 65400 ]; then
    head -c 64000 "$1" >"$1.cut"
    printf '\n\n_Cut at the comment size limit: the artifact %s holds the whole plan._\n\n%s\n' "\`$ARTIFACT\`" "$footer" >>"$1.cut"
    mv "$1.cut" "$1"
  fi
}
cap "$body1"
bodies=("$body1")
if [ "$EXITCODE" = 2 ] || [ "$EXITCODE" = 3 ]; then
  for ((i = 2; i <= nparts; i++)); do
    f="$out/comment-$i.md"
    { echo "<!-- kindesync:plan part $i -->"; cat "$out/part-$i.md"; echo; echo "$footer"; } >"$f"
    cap "$f"
    bodies+=("$f")
  done
fi

# Existing plan comments by part number.
declare -A existing=()
while IFS=$'\t' read -r part id; do
  [ -n "$part" ] && existing[$part]=$id
done < <(gh api --paginate "repos/$repo/issues/$PR/comments" \
  --jq ".[] | select(.user.login == \"$COMMENT_AUTHOR\") | select(.body | startswith(\"<!-- kindesync:plan part \")) | [(.body | capture(\"^<!-- kindesync:plan part (?<n>[0-9]+) -->\").n), (.id | tostring)] | @tsv")

for ((i = 1; i <= ${#bodies[@]}; i++)); do
  f="${bodies[$((i - 1))]}"
  if [ -n "${existing[$i]:-}" ]; then
    gh api --method PATCH "repos/$repo/issues/comments/${existing[$i]}" -F "body=@$f" >/dev/null
    unset "existing[$i]"
  else
    gh api --method POST "repos/$repo/issues/$PR/comments" -F "body=@$f" >/dev/null
  fi
done
# Parts a shorter plan no longer has.
for part in "${!existing[@]}"; do
  gh api --method DELETE "repos/$repo/issues/comments/${existing[$part]}" >/dev/null
done

# The step summary: the status, then parts while under the limit (1 MiB per
# step; a margin for the status and the note).
limit=900000
printf '%s\n\n' "$status" >>"$GITHUB_STEP_SUMMARY"
if [ "$EXITCODE" != 0 ] && [ "$EXITCODE" != 2 ]; then
  { echo "<pre>"; tail -n 200 "$out/stderr.txt" | cut -c1-500 | escape; echo "</pre>"; } >>"$GITHUB_STEP_SUMMARY"
fi
size=$(wc -c <"$GITHUB_STEP_SUMMARY")
for ((i = 1; i <= nparts; i++)); do
  n=$(wc -c <"$out/part-$i.md")
  if [ $((size + n)) -gt "$limit" ]; then
    echo "_Parts $i to $nparts of the plan are not shown here (the summary's size limit): see the pull request's comments, or download the artifact \`$ARTIFACT\` from [this run]($run_url)._" >>"$GITHUB_STEP_SUMMARY"
    break
  fi
  cat "$out/part-$i.md" >>"$GITHUB_STEP_SUMMARY"
  size=$((size + n))
done
