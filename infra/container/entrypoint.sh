#!/bin/sh
# The image's entry point (infra/container/Dockerfile): the first argument names what to run.
#   docker run ipledger <service> …    a service from the build: node dist/services/<service>/src/main.js
#   docker run ipledger cli <args…>    the CLI: node dist/apps/cli/src/main.js <args…>
#   docker run ipledger help           this list
# Plain node, nothing preloaded; each service reads its configuration from the environment
# (README, "Build and deploy"; docs/operations.md). A service's V8 heap is bounded as in
# SERVICE_HEAP_FLAGS (libs/devstack/src/services.ts; keep the two the same): old space
# IPLEDGER_MAX_OLD_SPACE_MIB (default 160), 4 MiB semi-spaces, so that its resident memory stays
# about 200 MiB instead of growing with the machine's.
set -eu
APP_DIR="${IPLEDGER_APP_DIR:-/app}"
DIST="$APP_DIR/dist"

services() {
  for main in "$DIST"/services/*/src/main.js; do
    name="${main#"$DIST"/services/}"
    printf '  %s\n' "${name%%/*}"
  done
}

usage() {
  echo "usage: <service> | cli <arguments…> | help"
  echo "services:"
  services
}

if [ "$#" -eq 0 ]; then
  usage >&2
  exit 2
fi
what="$1"
shift
case "$what" in
  help | --help | -h)
    usage
    ;;
  cli)
    exec node --enable-source-maps "$DIST/apps/cli/src/main.js" "$@"
    ;;
  */* | .*)
    echo "ipledger: no service named '$what'" >&2
    usage >&2
    exit 2
    ;;
  *)
    main="$DIST/services/$what/src/main.js"
    if [ ! -f "$main" ]; then
      echo "ipledger: no service named '$what'" >&2
      usage >&2
      exit 2
    fi
    exec node --enable-source-maps --max-old-space-size="${IPLEDGER_MAX_OLD_SPACE_MIB:-160}" --max-semi-space-size=4 "$main" "$@"
    ;;
esac
