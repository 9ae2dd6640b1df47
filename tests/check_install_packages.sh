#!/usr/bin/env bash
# install.sh sees to the packages the README promises: the build's by default, the tests' alone
# with WANGGE_TEST_DEPS=only, both with WANGGE_TEST_DEPS=1; and each one it names is a package
# Debian knows. Prints what is wrong; exits 1 if anything is.
set -u
cd "$(dirname "$0")/.."
status=0
list() { WANGGE_LIST_PACKAGES=1 WANGGE_TEST_DEPS="$1" ./install.sh; }
base=$(list 0) || { echo "install.sh failed to list its packages"; exit 1; }
tests_only=$(list only)
both=$(list 1)
expect() { # description, list, package...
  local what=$1 names=$2; shift 2
  for p in "$@"; do
    grep -qxF "$p" <<<"$names" || { echo "$what lacks $p"; status=1; }
  done
}
refuse() { # description, list, package...
  local what=$1 names=$2; shift 2
  for p in "$@"; do
    grep -qxF "$p" <<<"$names" && { echo "$what should not install $p"; status=1; }
  done
}
# What the build cannot do without, and what the tests drive.
expect "install.sh" "$base" cmake g++ libgdal-dev libgeos-dev libproj-dev libpqxx-dev postgresql-15 \
  postgresql-15-postgis-3 libgtest-dev libcairo2-dev libprotozero-dev fonts-wqy-microhei libjs-leaflet
refuse "install.sh" "$base" chromium python3-qgis
expect "WANGGE_TEST_DEPS=only" "$tests_only" chromium python3-websocket python3-qgis
refuse "WANGGE_TEST_DEPS=only" "$tests_only" libgdal-dev
[ "$(sort <<<"$both")" = "$(sort <<<"$base"$'\n'"$tests_only")" ] ||
  { echo "WANGGE_TEST_DEPS=1 is not the build's packages and the tests' together"; status=1; }
# A misspelt name would stop a fresh install: each must be one apt knows (one apt-cache call for
# all: each call reads apt's whole cache).
if command -v apt-cache >/dev/null; then
  # shellcheck disable=SC2086
  known=$(apt-cache policy $both 2>/dev/null |
    awk '/^[^ ].*:$/ { name = substr($0, 1, length($0) - 1) } /Candidate:/ && $2 != "(none)" { print name }')
  while read -r p; do
    grep -qxF "$p" <<<"$known" || { echo "apt knows no package $p"; status=1; }
  done <<<"$both"
fi
[ $status -eq 0 ] && echo "install.sh: $(wc -l <<<"$both") packages, each known to apt"
exit $status
