#!/usr/bin/env bash
# Installs every Debian 12 package that Gazette's build, tests and benchmarks need.
# Non-interactive and idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git python3 clang-format clang-tidy
  # fuzzing (scripts/fuzz_smoke.sh): clang with libFuzzer
  clang libclang-rt-14-dev
  # libraries
  libxapian-dev xapian-tools libcurl4-openssl-dev libpugixml-dev libgumbo-dev
  libspdlog-dev libfmt-dev libsqlite3-dev libmicrohttpd-dev libcpp-httplib-dev nlohmann-json3-dev
  libcli11-dev libtomlplusplus-dev libexpected-dev zlib1g-dev libicu-dev libcld2-dev
  libssl-dev libbrotli-dev
  # tests and benchmarks (chromium: the headless browser test of the search page; wget: a WARC
  # written by another tool)
  libgtest-dev libgmock-dev libbenchmark-dev wrk curl wget chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
