#!/usr/bin/env bash
# Undo packaging/install.sh for the current user.
#
#   packaging/uninstall.sh [--dry-run] [--purge]
#
# Stops and disables the kiosk's systemd user service, removes the unit, the
# autostart entries (XDG .desktop files, the labwc autostart line), the
# ~/.local/bin/kiosk link and the venv, and restores the GNOME settings that
# install.sh changed.
#   --dry-run   print what would be done, change nothing
#   --purge     also delete all of ${KIOSK_HOME:-~/.local/share/kiosk} (the kiosk's own data there,
#               including the installed decks in its decks/ folder),
#               ~/.config/kiosk (the settings and the staff PIN's hash) and the logs in ~/.local/state/kiosk
# The Debian packages from debian-packages.txt are left installed: they are
# ordinary shared libraries that other programs may use.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dry_run=0
purge=0
while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run|-n) dry_run=1 ;;
        --purge) purge=1 ;;
        -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "uninstall.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

: "${HOME:?HOME is not set}"
kiosk_home="${KIOSK_HOME:-$HOME/.local/share/kiosk}"
venv="$kiosk_home/venv"
state="$kiosk_home/install-state"
config_home="${XDG_CONFIG_HOME:-$HOME/.config}"
unit_dir="$config_home/systemd/user"
autostart_dir="$config_home/autostart"
labwc_file="$config_home/labwc/autostart"
bin_dir="$HOME/.local/bin"
marker="# kiosk:autostart"

removed=()
info() { echo "    $*"; }
run() {
    echo "    + $*"
    [ "$dry_run" = 1 ] || "$@"
}
state_get() { sed -n "s|^$1=||p" "$state" 2>/dev/null | tail -n 1; }

[ "$dry_run" = 1 ] && echo "uninstall.sh: DRY RUN: nothing will be changed."
echo "uninstall.sh: removing the kiosk for user $(id -un) ($kiosk_home)"

# --- systemd user service ----------------------------------------------------
echo "==> systemd user service"
if command -v systemctl >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1; then
    run systemctl --user disable --now kiosk.service 2>/dev/null || true
    removed+=("stopped and disabled kiosk.service")
else
    info "systemd --user is not reachable here; only removing the files"
fi
wants="$unit_dir/graphical-session.target.wants/kiosk.service"
if [ -L "$wants" ]; then
    run rm -f "$wants"
    run rmdir --ignore-fail-on-non-empty "$unit_dir/graphical-session.target.wants"
    removed+=("$wants")
fi
if [ -f "$unit_dir/kiosk.service" ]; then
    run rm -f "$unit_dir/kiosk.service"
    removed+=("$unit_dir/kiosk.service")
    if command -v systemctl >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1; then
        run systemctl --user daemon-reload
        run systemctl --user reset-failed kiosk.service 2>/dev/null || true
    fi
fi

# --- autostart ----------------------------------------------------------------
echo "==> autostart"
for f in kiosk.desktop kiosk-noblank.desktop; do
    if [ -f "$autostart_dir/$f" ]; then
        run rm -f "$autostart_dir/$f"
        removed+=("$autostart_dir/$f")
    fi
done
if [ -f "$labwc_file" ] && grep -qF "$marker" "$labwc_file"; then
    if [ "$dry_run" = 1 ]; then
        info "would remove the kiosk line from $labwc_file"
    else
        grep -vF "$marker" "$labwc_file" > "$labwc_file.kiosk-tmp" || true
        mv "$labwc_file.kiosk-tmp" "$labwc_file"
        info "removed the kiosk line from $labwc_file"
        # Delete the file if install.sh created it and nothing else is in it now.
        if [ "$(state_get labwc_autostart_created)" = yes ] && ! grep -q '[^[:space:]]' "$labwc_file"; then
            rm -f "$labwc_file"
            info "removed $labwc_file (install.sh had created it)"
        fi
    fi
    removed+=("the kiosk line in $labwc_file")
fi

# --- GNOME settings -------------------------------------------------------------
if [ -f "$state" ] && grep -q '^gsettings:' "$state"; then
    echo "==> GNOME settings"
    if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -S "$XDG_RUNTIME_DIR/bus" ]; then
        export DBUS_SESSION_BUS_ADDRESS="unix:path=$XDG_RUNTIME_DIR/bus"
    fi
    while IFS= read -r entry; do
        key_path="${entry%%=*}"; old="${entry#*=}"
        IFS=: read -r _ schema key <<<"$key_path"
        if command -v gsettings >/dev/null 2>&1 && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
            run gsettings set "$schema" "$key" "$old" || true
            removed+=("restored $schema $key to $old")
        else
            info "no session bus: in the desktop session run: gsettings set $schema $key '$old'"
        fi
    done < <(grep '^gsettings:' "$state")
fi

# --- the command link and the venv ----------------------------------------------
echo "==> venv"
if [ -L "$bin_dir/kiosk" ] && [ "$(readlink "$bin_dir/kiosk")" = "$venv/bin/kiosk" ]; then
    run rm -f "$bin_dir/kiosk"
    removed+=("$bin_dir/kiosk")
fi
if [ "$purge" = 1 ]; then
    if [ -d "$kiosk_home" ]; then
        run rm -rf "$kiosk_home"
        removed+=("$kiosk_home, with the installed decks in it (--purge)")
    fi
    config_dir="${KIOSK_CONFIG_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/kiosk}"
    if [ -d "$config_dir" ]; then
        run rm -rf "$config_dir"
        removed+=("$config_dir, the settings and the staff PIN (--purge)")
    fi
    log_dir="${XDG_STATE_HOME:-$HOME/.local/state}/kiosk"
    if [ -d "$log_dir" ]; then
        run rm -rf "$log_dir"
        removed+=("$log_dir, the logs (--purge)")
    fi
else
    if [ -d "$venv" ]; then
        run rm -rf "$venv"
        removed+=("$venv")
    fi
    [ -f "$state" ] && run rm -f "$state"
    [ -d "$kiosk_home" ] && run rmdir --ignore-fail-on-non-empty "$kiosk_home"
    if [ -d "$kiosk_home" ] && [ "$dry_run" = 0 ]; then
        info "kept $kiosk_home (the kiosk's own data, such as the installed decks); --purge deletes it"
    fi
fi

echo
if [ "$dry_run" = 1 ]; then
    echo "uninstall.sh: dry run finished; nothing was changed."
    exit 0
fi
if [ "${#removed[@]}" -eq 0 ]; then
    echo "uninstall.sh: nothing to remove: the kiosk was not installed for $(id -un)."
else
    echo "uninstall.sh: done. Removed:"
    for r in "${removed[@]}"; do echo "  - $r"; done
fi
echo "The Debian packages listed in $here/debian-packages.txt were left installed."
