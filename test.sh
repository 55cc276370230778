#!/usr/bin/env bash
# Runs every test: unit, integration (real SQLite), bUnit and Playwright end-to-end (Debian's Chromium).
# Installs what the tests need on a fresh Debian machine first.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
# SVG print files (card sheets, bar codes) are rasterised with rsvg-convert before zbarimg reads them.
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
rm -rf TestResults
status=0
dotnet test Loyalty.sln --logger "trx;LogFileName=results.trx" --results-directory TestResults "$@" || status=$?

# One plain closing line, whatever the runner printed above.
if [ -f TestResults/results.trx ]; then
  counters=$(grep -o '<Counters [^>]*>' TestResults/results.trx)
  passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  notrun=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$counters")
  echo "$passed passed, $failed failed, $notrun skipped"
fi
exit $status
