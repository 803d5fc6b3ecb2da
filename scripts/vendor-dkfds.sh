#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Vendor the Danish common design system (DKFDS, npm package "dkfds") and htmx
# into static/ so that the application needs no CDN and no node at run time.
#
# Usage: scripts/vendor-dkfds.sh [DKFDS_VERSION] [HTMX_VERSION]
#   DKFDS_VERSION  defaults to the pinned version below
#   HTMX_VERSION   defaults to the pinned version below (also: env HTMX_VERSION)
#
# What is copied (and nothing else: no source maps, no scss, no docs):
#   static/dkfds/css/dkfds.min.css          compiled, minified CSS (source map comment removed)
#   static/dkfds/js/dkfds.min.js            minified JS exposing window.DKFDS (DKFDS.init())
#   static/dkfds/img/all-svg-icons.svg      icon sprite for <svg><use href="...#name"></use></svg>
#   static/dkfds/{fonts,img}/...            exactly the files the CSS url()s reference,
#                                           at the same relative paths, so the url()s resolve
#   static/dkfds/LICENSE.md, static/dkfds/VERSION
#   static/htmx/htmx.min.js, static/htmx/LICENSE, static/htmx/VERSION
#
# Needs: npm (and the node that comes with it), tar. Uses the npm registry the
# local npm is configured for; no registry host is written anywhere.
set -euo pipefail

DKFDS_PINNED="11.2.0"
HTMX_PINNED="2.0.11"

DKFDS_VERSION="${1:-$DKFDS_PINNED}"
HTMX_VERSION="${2:-${HTMX_VERSION:-$HTMX_PINNED}}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DKFDS_DEST="$ROOT/static/dkfds"
HTMX_DEST="$ROOT/static/htmx"

command -v npm >/dev/null || { echo "vendor-dkfds: npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "vendor-dkfds: node is required" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# npm_pack NAME@VERSION DIR: packs into DIR, extracts to DIR/package, writes DIR/pack.json
npm_pack() {
    local spec="$1" dir="$2"
    mkdir -p "$dir"
    (
        cd "$dir"
        # No package.json here, so npm creates neither package-lock.json nor node_modules.
        npm pack "$spec" --json --ignore-scripts --loglevel=error >pack.json
    )
    local tarball
    tarball="$(node -e 'const p=require(process.argv[1]);process.stdout.write(p[0].filename)' "$dir/pack.json")"
    tar -xzf "$dir/$tarball" -C "$dir"
}

# pack_field DIR FIELD: one field (version, integrity, shasum) of the npm pack --json report
pack_field() {
    node -e 'const p=require(process.argv[1]);process.stdout.write(String(p[0][process.argv[2]]))' "$1/pack.json" "$2"
}

# strip_sourcemap FILE: drop the trailing sourceMappingURL comment (the .map is not vendored,
# and Django's manifest storage would otherwise fail on the missing file)
strip_sourcemap() {
    sed -i -E '/^\/[*\/]# sourceMappingURL=.*$/d' "$1"
}

########## DKFDS ##########
echo "vendor-dkfds: packing dkfds@$DKFDS_VERSION"
npm_pack "dkfds@$DKFDS_VERSION" "$WORK/dkfds"
PKG="$WORK/dkfds/package"
[ -f "$PKG/dist/css/dkfds.min.css" ] || { echo "vendor-dkfds: dist/css/dkfds.min.css missing in package" >&2; exit 1; }
[ -f "$PKG/dist/js/dkfds.min.js" ] || { echo "vendor-dkfds: dist/js/dkfds.min.js missing in package" >&2; exit 1; }

rm -rf "$DKFDS_DEST"
mkdir -p "$DKFDS_DEST/css" "$DKFDS_DEST/js" "$DKFDS_DEST/img"

cp "$PKG/dist/css/dkfds.min.css" "$DKFDS_DEST/css/dkfds.min.css"
cp "$PKG/dist/js/dkfds.min.js" "$DKFDS_DEST/js/dkfds.min.js"
strip_sourcemap "$DKFDS_DEST/css/dkfds.min.css"
strip_sourcemap "$DKFDS_DEST/js/dkfds.min.js"
grep -q 'DKFDS' "$DKFDS_DEST/js/dkfds.min.js" || { echo "vendor-dkfds: dkfds.min.js does not define DKFDS" >&2; exit 1; }
[ -f "$PKG/dist/img/all-svg-icons.svg" ] && cp "$PKG/dist/img/all-svg-icons.svg" "$DKFDS_DEST/img/"
for lic in "$PKG/LICENSE.md" "$PKG/dist/LICENSE.md"; do
    if [ -f "$lic" ]; then cp "$lic" "$DKFDS_DEST/LICENSE.md"; break; fi
done

# Every relative url() in the CSS (fonts, svg icons, images), without ?query/#fragment.
node -e '
const fs = require("fs");
const css = fs.readFileSync(process.argv[1], "utf8");
const seen = new Set();
for (const m of css.matchAll(/url\(\s*([^)]*?)\s*\)/g)) {
  let u = m[1].replace(/^["\x27]|["\x27]$/g, "");
  if (/^(data:|https?:|\/\/|#|\/)/.test(u)) continue;
  u = u.split(/[?#]/)[0];
  if (u) seen.add(u);
}
process.stdout.write([...seen].sort().join("\n") + "\n");
' "$DKFDS_DEST/css/dkfds.min.css" >"$WORK/urls.txt"

copied=0
while IFS= read -r rel; do
    [ -n "$rel" ] || continue
    src="$(cd "$PKG/dist/css" && realpath -m "$rel")"
    case "$src" in
        "$PKG/dist/"*) ;;
        *) echo "vendor-dkfds: CSS url() points outside dist/: $rel" >&2; exit 1 ;;
    esac
    [ -f "$src" ] || { echo "vendor-dkfds: CSS references missing file: $rel" >&2; exit 1; }
    dst="$DKFDS_DEST/${src#"$PKG/dist/"}"
    mkdir -p "$(dirname "$dst")"
    cp "$src" "$dst"
    copied=$((copied + 1))
done <"$WORK/urls.txt"

# Check that each url() now resolves inside static/dkfds/.
while IFS= read -r rel; do
    [ -n "$rel" ] || continue
    [ -f "$DKFDS_DEST/css/$rel" ] || { echo "vendor-dkfds: unresolved url($rel)" >&2; exit 1; }
done <"$WORK/urls.txt"

{
    echo "package: dkfds"
    echo "version: $(pack_field "$WORK/dkfds" version)"
    echo "integrity: $(pack_field "$WORK/dkfds" integrity)"
    echo "shasum: $(pack_field "$WORK/dkfds" shasum)"
} >"$DKFDS_DEST/VERSION"
echo "vendor-dkfds: dkfds $(pack_field "$WORK/dkfds" version): css, js, sprite and $copied referenced assets"

########## htmx ##########
echo "vendor-dkfds: packing htmx.org@$HTMX_VERSION"
npm_pack "htmx.org@$HTMX_VERSION" "$WORK/htmx"
HPKG="$WORK/htmx/package"
[ -f "$HPKG/dist/htmx.min.js" ] || { echo "vendor-dkfds: dist/htmx.min.js missing in htmx.org package" >&2; exit 1; }

rm -rf "$HTMX_DEST"
mkdir -p "$HTMX_DEST"
cp "$HPKG/dist/htmx.min.js" "$HTMX_DEST/htmx.min.js"
strip_sourcemap "$HTMX_DEST/htmx.min.js"
for lic in "$HPKG/LICENSE" "$HPKG/LICENSE.md"; do
    if [ -f "$lic" ]; then cp "$lic" "$HTMX_DEST/LICENSE"; break; fi
done
{
    echo "package: htmx.org"
    echo "version: $(pack_field "$WORK/htmx" version)"
    echo "integrity: $(pack_field "$WORK/htmx" integrity)"
    echo "shasum: $(pack_field "$WORK/htmx" shasum)"
} >"$HTMX_DEST/VERSION"
echo "vendor-dkfds: htmx.org $(pack_field "$WORK/htmx" version)"

du -sh "$DKFDS_DEST" "$HTMX_DEST"
