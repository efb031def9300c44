#!/usr/bin/env bash
# Builds what a merchant installs, and prints each with its size:
#   build/site                         the site for GitHub Pages (also holds a copy of the zip)
#   build/site/lanshou-offline.html    the one-file page to keep on the desktop
#   build/lanshou-extension.zip        the Chrome/Edge extension (unzip, then "load unpacked")
# The unpacked extension is build/extension. Same build as scripts/test.sh: scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
node scripts/build-extension.mjs build/site build/extension build/lanshou-extension.zip
# The Pages site offers the extension for download next to the offline page.
cp build/lanshou-extension.zip build/site/lanshou-extension.zip

size() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }
files=$(find build/site -type f | wc -l)
printf 'package: %-34s %9s  (%s files: the GitHub Pages site)\n' build/site \
  "$(size "$(du -sb build/site | cut -f1)")" "$files"
printf 'package: %-34s %9s  (the offline page, one file)\n' build/site/lanshou-offline.html \
  "$(size "$(stat -c %s build/site/lanshou-offline.html)")"
printf 'package: %-34s %9s  (the extension; unpacked in build/extension)\n' build/lanshou-extension.zip \
  "$(size "$(stat -c %s build/lanshou-extension.zip)")"
