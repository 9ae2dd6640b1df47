#!/usr/bin/env bash
# Installs what Wangge needs from Debian 12's packages (only what is missing) and builds it into
# build/. Run as root on a fresh machine; safe to run again.
# WANGGE_TEST_DEPS=1 adds what the test suite needs (a headless browser, PyQGIS);
# WANGGE_TEST_DEPS=only installs just those; WANGGE_NO_BUILD=1 installs without building.
set -euo pipefail
cd "$(dirname "$0")"

base_packages=(
  cmake g++ ninja-build pkg-config
  libgdal-dev gdal-bin libgeos-dev libproj-dev
  libpqxx-dev libpq-dev postgresql-15 postgresql-15-postgis-3
  libboost-dev libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev
  libcairo2-dev libpng-dev libprotozero-dev libcpp-httplib-dev libxlsxwriter-dev fonts-wqy-microhei
  zlib1g-dev libjs-leaflet
  sqlite3 libsqlite3-dev
)
# The test suite also drives the web map in a headless browser and opens the workspace in QGIS.
test_packages=(chromium python3-websocket python3-qgis qgis-providers)
case "${WANGGE_TEST_DEPS:-0}" in
  only) packages=("${test_packages[@]}") ;;
  1) packages=("${base_packages[@]}" "${test_packages[@]}") ;;
  *) packages=("${base_packages[@]}") ;;
esac
# WANGGE_LIST_PACKAGES=1 prints the packages this run would see to, and does nothing else.
if [ "${WANGGE_LIST_PACKAGES:-0}" = "1" ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root to install packages" >&2
    exit 1
  fi
  # A fresh install of postgresql-15 would create and start a cluster we do not use.
  mkdir -p /etc/postgresql-common
  if [ ! -f /etc/postgresql-common/createcluster.conf ]; then
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_type=${BUILD_TYPE:-RelWithDebInfo}
debug_info=()
if [ "${WANGGE_DEBUG_INFO:-1}" = "0" ]; then
  debug_info=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG")
else
  debug_info=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG")
fi
if [ "${WANGGE_NO_BUILD:-0}" = "1" ]; then exit 0; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "${debug_info[@]}" ${WANGGE_CMAKE_ARGS:-} >/dev/null
# WANGGE_BUILD_TARGETS: build only these targets (the default builds everything).
targets=()
for t in ${WANGGE_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build build -j"$(nproc)" "${targets[@]}"
