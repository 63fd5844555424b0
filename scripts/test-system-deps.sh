#!/usr/bin/env bash
# Debian packages the test suite needs beyond Python: Chromium and fonts for the browser
# tests, a Java runtime for the Nu HTML Checker (vnu-jar), Pango for WeasyPrint's PDFs,
# poppler's pdftotext to read them back, an emoji font, and wrk for the live seminar benchmark.
# Installs what is missing when run as root; otherwise says loudly what will not run.
set -euo pipefail

missing=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
	missing+=(chromium fonts-dejavu-core fonts-liberation)
fi
if ! command -v java >/dev/null 2>&1; then
	missing+=(default-jre-headless)
fi
# pdftotext reads the rendered catalogues back; the emoji font draws emoji people type.
if ! command -v pdftotext >/dev/null 2>&1; then
	missing+=(poppler-utils)
fi
if ! fc-list 2>/dev/null | grep -qi 'Noto Color Emoji'; then
	missing+=(fonts-noto-color-emoji)
fi
# wrk sends the live seminar benchmark's polls (`make bench-quick`, run in CI).
if ! command -v wrk >/dev/null 2>&1; then
	missing+=(wrk)
fi
if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
	missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fi

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing Debian packages for the tests: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	exit 0
fi

cat >&2 <<MESSAGE

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  Missing Debian packages: ${missing[*]}
!!  Not root, so they cannot be installed here. Tests that need them will be SKIPPED
!!  (and FAIL when CI is set). Install them with:
!!      sudo apt-get install ${missing[*]}
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MESSAGE
