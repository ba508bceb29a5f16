#!/usr/bin/env bash
# Installs kindesync for the steps after this one: the action's own source
# (the version the workflow pinned the action to), or KINDESYNC_VERSION from
# the module proxy.
set -euo pipefail
bin="$RUNNER_TEMP/kindesync-bin"
mkdir -p "$bin"
if [ -n "${KINDESYNC_VERSION:-}" ]; then
  case "$KINDESYNC_VERSION" in
    v[0-9]*) ;;
    *) echo "::error::kindesync-version must be a module version such as v1.2.0, not '$KINDESYNC_VERSION'"; exit 1 ;;
  esac
  GOBIN="$bin" go install "github.com/kindesync/kindesync@$KINDESYNC_VERSION"
else
  # The version is the tag the action was pinned by, when it is one.
  ref="${GITHUB_ACTION_REF:-}"
  case "$ref" in v[0-9]*) ;; *) ref="" ;; esac
  (cd "$GITHUB_ACTION_PATH" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w${ref:+ -X main.version=$ref}" -o "$bin/kindesync" .)
fi
echo "$bin" >> "$GITHUB_PATH"
"$bin/kindesync" version
