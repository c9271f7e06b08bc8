#!/bin/sh
# Install crmdesk for the current user from the unpacked archive: no root needed.
#   ./install.sh            installs into ~/.local/opt/crmdesk, links ~/.local/bin/crmdesk,
#                           adds the menu entry and the icon
#   ./install.sh --remove   takes all of that away again (your data stays)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${XDG_DATA_HOME:-$HOME/.local/share}
OPT=$HOME/.local/opt/crmdesk
BIN=$HOME/.local/bin
if [ "${1:-}" = "--remove" ]; then
    rm -rf "$OPT" "$BIN/crmdesk" "$PREFIX/applications/crmdesk.desktop" \
        "$PREFIX/icons/hicolor/256x256/apps/crmdesk.png" \
        "$PREFIX/icons/hicolor/scalable/apps/crmdesk.svg"
    echo "crmdesk removed (the database in $PREFIX/crmdesk is kept)."
    exit 0
fi
mkdir -p "$(dirname "$OPT")" "$BIN" "$PREFIX/applications" "$PREFIX/icons/hicolor/256x256/apps" \
    "$PREFIX/icons/hicolor/scalable/apps"
rm -rf "$OPT"
cp -a "$HERE/crmdesk" "$OPT"
ln -sf "$OPT/crmdesk" "$BIN/crmdesk"
cp "$HERE/crmdesk.png" "$PREFIX/icons/hicolor/256x256/apps/crmdesk.png"
cp "$HERE/crmdesk.svg" "$PREFIX/icons/hicolor/scalable/apps/crmdesk.svg"
sed "s|^Exec=.*|Exec=$OPT/crmdesk|; s|^TryExec=.*|TryExec=$OPT/crmdesk|" \
    "$HERE/crmdesk.desktop" > "$PREFIX/applications/crmdesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && \
    update-desktop-database "$PREFIX/applications" || true
echo "crmdesk installed in $OPT; start it from the menu or with: $BIN/crmdesk"
