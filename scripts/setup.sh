#!/usr/bin/env bash
# Installs what lanshou needs on Debian 12 (as root): Debian packages, then the npm
# devDependencies pinned in package-lock.json. Idempotent, and quick when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ clang clang-format clang-tidy cppcheck emscripten nlohmann-json3-dev googletest
          libclang-rt-14-dev chromium ca-certificates
          xz-utils  # xz packs the site's wasm (scripts/build-site.mjs)
          fonts-wqy-microhei)  # a CJK font, so the page's screenshots are readable

missing=()
installed=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' "${packages[@]}" 2>/dev/null |
            awk '$1 == "installed" { print $2 }' || true)
for p in "${packages[@]}"; do
  grep -qxF -- "$p" <<<"$installed" || missing+=("$p")
done
# Node.js and npm may come from elsewhere than Debian (NodeSource bundles npm): ask for the commands.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  echo "setup: apt-get install ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: 需要 root 权限安装：${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci wipes node_modules, so run it only when package-lock.json changed since the last one.
stamp=node_modules/.lanshou-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "setup: npm ci"
  # Never download a browser: the tests drive Debian's /usr/bin/chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
