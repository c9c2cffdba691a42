#!/usr/bin/env bash
# Debian packages gender-seal needs on the machine: Chromium for the browser tests,
# gettext (msgfmt) for the translations, PostgreSQL 15 for the PostgreSQL test run,
# Node.js/npm for the front-end assets, Pango for WeasyPrint, poppler-utils for PDF checks,
# LibreOffice Writer (headless) to print our Word files in the tests, patch for patches/. Idempotent: does nothing, not even
# `apt-get update`, when everything is already there.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium fonts-liberation)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
[ -d /usr/lib/postgresql/15/bin ] || need+=(postgresql-15)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # PDF pages as images in the report tests
command -v zip >/dev/null 2>&1 || need+=(zip)  # the reference of bench/evidence_dossier.py
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)  # Word files printed to PDF in the tests
command -v patch >/dev/null 2>&1 || need+=(patch)  # patches/ applied to installed packages

[ ${#need[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "setup-system: missing Debian packages: ${need[*]}" >&2
        echo "setup-system: run as root, or install them: apt-get install ${need[*]}" >&2
        exit 1
    fi
fi

echo "setup-system: installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "setup-system: done"
