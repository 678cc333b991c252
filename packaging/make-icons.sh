#!/usr/bin/env bash
# Exports resources/icons/oilwatch.svg to the files every platform wants, all committed, so that no build
# needs an SVG renderer:
#   resources/icons/hicolor/<N>x<N>/oilwatch.png  the freedesktop hicolor sizes (Linux menus, the window icon)
#   resources/icons/oilwatch.ico                   Windows (16..256 in one file)
#   resources/icons/oilwatch.icns                  macOS (16..512)
# Run it again after editing the SVG. Tools (Debian 12): apt-get install librsvg2-bin icoutils icnsutils
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
for tool in rsvg-convert icotool png2icns; do
    command -v "$tool" >/dev/null || { echo "make-icons.sh: $tool missing (librsvg2-bin icoutils icnsutils)" >&2; exit 2; }
done

sizes=(16 22 24 32 48 64 128 256 512)
for n in "${sizes[@]}"; do
    mkdir -p "hicolor/${n}x${n}"
    rsvg-convert --width "$n" --height "$n" oilwatch.svg --output "hicolor/${n}x${n}/oilwatch.png"
done
icotool --create --output oilwatch.ico hicolor/{16x16,24x24,32x32,48x48,64x64}/oilwatch.png \
    --raw=hicolor/256x256/oilwatch.png
# png2icns takes only the sizes macOS defines; 512 covers the Retina 256@2x slot.
png2icns oilwatch.icns hicolor/{16x16,32x32,48x48,128x128,256x256,512x512}/oilwatch.png >/dev/null
echo "make-icons.sh: wrote ${#sizes[@]} PNGs, oilwatch.ico, oilwatch.icns"
