#!/usr/bin/env bash
# Install the awareness kiosk for the current (desktop) user on a kiosk machine.
#
#   packaging/install.sh [--no-system-deps] [--dry-run] [--allow-root]
#
#   1. system packages Qt needs (system-deps.sh; as root, with sudo -n, or it prints the command)
#   2. a venv at ${KIOSK_HOME:-~/.local/share/kiosk}/venv made with the system python3 (>= 3.11)
#   3. pip install of this project (the folder above packaging/) into that venv,
#      and ~/.local/bin/kiosk pointing at its `kiosk` command
#   4. the systemd user unit kiosk.service, enabled for graphical-session.target
#   5. an autostart entry: labwc's ~/.config/labwc/autostart, or the XDG ~/.config/autostart
#   6. no screen blanking: xset autostart (X11), gsettings (GNOME), a note for labwc/wlroots
#   7. a starter settings file ~/.config/kiosk/settings.toml, every setting commented out
#      (kept as it is when it already exists; see docs/settings.md)
#
# Run it again at any time to update: every step is idempotent.
# Options:
#   --no-system-deps   skip step 1
#   --dry-run          print what would be done, change nothing
#   --allow-root       install for root (normally run this as the kiosk's desktop user)
# Environment: KIOSK_HOME (default ~/.local/share/kiosk), PYTHON (default python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"

system_deps=1
dry_run=0
allow_root=0
while [ $# -gt 0 ]; do
    case "$1" in
        --no-system-deps) system_deps=0 ;;
        --dry-run|-n) dry_run=1 ;;
        --allow-root) allow_root=1 ;;
        -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

: "${HOME:?HOME is not set}"
default_kiosk_home="$HOME/.local/share/kiosk"
kiosk_home="${KIOSK_HOME:-$default_kiosk_home}"
venv="$kiosk_home/venv"
state="$kiosk_home/install-state"
config_home="${XDG_CONFIG_HOME:-$HOME/.config}"
unit_dir="$config_home/systemd/user"
autostart_dir="$config_home/autostart"
labwc_dir="$config_home/labwc"
bin_dir="$HOME/.local/bin"
python="${PYTHON:-python3}"
min_python="3.11"

done_list=()
notes=()
step() { echo; echo "==> $*"; }
info() { echo "    $*"; }
did() { done_list+=("$*"); }
note() { notes+=("$*"); echo "    note: $*"; }
die() { echo "install.sh: ERROR: $*" >&2; exit 1; }
# run CMD...: show it, and run it unless --dry-run.
run() {
    echo "    + $*"
    [ "$dry_run" = 1 ] || "$@"
}
# put SRC DEST [MODE]: install a file (no-op message when already identical).
# Sets changed=1 when it (would have) changed something, else changed=0.
changed=0
put() {
    local from="$1" to="$2" mode="${3:-644}"
    changed=0
    if [ -f "$to" ] && cmp -s "$from" "$to"; then
        info "unchanged: $to"
        return 0
    fi
    changed=1
    run install -D -m "$mode" "$from" "$to"
}
# remember KEY VALUE: append to the install-state file that uninstall.sh reads.
remember() {
    [ "$dry_run" = 1 ] && return 0
    mkdir -p "$kiosk_home"
    grep -v "^$1=" "$state" 2>/dev/null > "$state.new" || true
    printf '%s=%s\n' "$1" "$2" >> "$state.new"
    mv "$state.new" "$state"
}

if [ "$(id -u)" -eq 0 ] && [ "$allow_root" = 0 ]; then
    die "run this as the desktop user the kiosk should run for, not as root
    (it installs a systemd *user* service and autostart entries in that user's home;
    the system packages are installed with sudo, or it tells you the command).
    To really install for root, add --allow-root."
fi

[ "$dry_run" = 1 ] && echo "install.sh: DRY RUN: nothing will be changed."
echo "install.sh: installing the kiosk from $src for user $(id -un) into $kiosk_home"

# --- 1. system packages ---------------------------------------------------
step "1/7 system packages"
if [ "$system_deps" = 0 ]; then
    info "skipped (--no-system-deps)"
elif [ "$dry_run" = 1 ]; then
    info "would run: $here/system-deps.sh; what it would find:"
    bash "$here/system-deps.sh" --check || true
else
    bash "$here/system-deps.sh"
    did "checked/installed the system packages in packaging/debian-packages.txt"
fi

# --- 2. python venv ---------------------------------------------------------
step "2/7 Python venv at $venv"
command -v "$python" >/dev/null 2>&1 || die "'$python' was not found. Install Python $min_python or newer
    (Debian/Raspberry Pi OS: sudo apt-get install python3 python3-venv)."
py_version="$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    die "$python is Python $py_version, too old: the kiosk needs Python $min_python or newer
    (Debian 12 bookworm and Raspberry Pi OS bookworm ship 3.11). Set PYTHON=/path/to/python3.11 to use another one."
fi
info "using $(command -v "$python") (Python $py_version)"

venv_ok=0
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys, pip; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    venv_ok=1
    info "reusing the existing venv ($("$venv/bin/python" --version 2>&1))"
fi
if [ "$venv_ok" = 0 ]; then
    [ -e "$venv" ] && run rm -rf "$venv"
    if [ "$dry_run" = 1 ]; then
        run "$python" -m venv "$venv"
    else
        mkdir -p "$kiosk_home"
        echo "    + $python -m venv $venv"
        if ! "$python" -m venv "$venv"; then
            rm -rf "$venv"
            die "could not create the venv. On Debian/Raspberry Pi OS install the venv module:
    sudo apt-get install python3-venv"
        fi
    fi
    did "created the venv $venv"
fi

# --- 3. the kiosk package ----------------------------------------------------
step "3/7 pip install the kiosk from $src"
[ -f "$src/pyproject.toml" ] || die "$src/pyproject.toml not found: install.sh must stay in the project's packaging/ folder."
# Build from a clean copy, so the source folder may be read-only and gets no build/ or *.egg-info.
if [ "$dry_run" = 1 ]; then
    info "would copy $src (without .git, .venv, build/) to a temporary folder and run:"
    run "$venv/bin/python" -m pip install --upgrade "<copy of $src>"
else
    build_dir="$(mktemp -d "${TMPDIR:-/tmp}/kiosk-install.XXXXXX")"
    trap 'rm -rf "$build_dir"' EXIT
    tar -C "$src" --exclude=./.git --exclude=./.venv --exclude=./venv --exclude=./build --exclude=./dist \
        --exclude='*.egg-info' --exclude=__pycache__ --exclude=.pytest_cache -cf - . | tar -C "$build_dir" -xf -
    run "$venv/bin/python" -m pip install --disable-pip-version-check --upgrade "$build_dir"
    kiosk_version="$("$venv/bin/kiosk" --version 2>&1)" || die "the kiosk command does not run after pip install: $kiosk_version"
    info "installed: $kiosk_version"
    did "pip-installed $kiosk_version into $venv"
fi
# ~/.local/bin/kiosk, so "kiosk" works in a shell (Debian's ~/.profile puts ~/.local/bin on PATH).
if [ -L "$bin_dir/kiosk" ] || [ ! -e "$bin_dir/kiosk" ]; then
    if [ "$(readlink "$bin_dir/kiosk" 2>/dev/null || true)" != "$venv/bin/kiosk" ]; then
        run mkdir -p "$bin_dir"
        run ln -sfn "$venv/bin/kiosk" "$bin_dir/kiosk"
        did "linked $bin_dir/kiosk -> $venv/bin/kiosk"
    fi
else
    note "$bin_dir/kiosk exists and is not a link; left alone (use $venv/bin/kiosk)."
fi

# --- 4. systemd user unit ---------------------------------------------------
step "4/7 systemd user service"
unit_src="$here/kiosk.service"
if [ "$kiosk_home" = "$default_kiosk_home" ]; then
    put "$unit_src" "$unit_dir/kiosk.service"
else
    # A non-default KIOSK_HOME: point ExecStart at it (% is special in unit files).
    unit_tmp="$(mktemp "${TMPDIR:-/tmp}/kiosk.service.XXXXXX")"
    sed "s|%h/.local/share/kiosk/venv|${venv//%/%%}|" "$unit_src" > "$unit_tmp"
    info "ExecStart=$venv/bin/kiosk run (KIOSK_HOME=$kiosk_home)"
    put "$unit_tmp" "$unit_dir/kiosk.service"
    rm -f "$unit_tmp"
fi
[ "$changed" = 1 ] && did "installed $unit_dir/kiosk.service"

systemd_user=0
if command -v systemctl >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1; then
    systemd_user=1
fi
if [ "$systemd_user" = 1 ]; then
    run systemctl --user daemon-reload
    run systemctl --user enable kiosk.service
    did "enabled kiosk.service (starts with graphical-session.target)"
    remember systemd_enabled yes
else
    note "systemd --user is not reachable here (a container, or no login session: XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-unset}),
          so 'systemctl --user daemon-reload && systemctl --user enable kiosk.service' was skipped.
          The unit is installed and linked into graphical-session.target.wants by hand (what 'enable' does);
          systemd reads it at the next login. To do it properly from a desktop session, run:
          systemctl --user daemon-reload && systemctl --user enable --now kiosk.service"
    wants="$unit_dir/graphical-session.target.wants"
    if [ "$(readlink "$wants/kiosk.service" 2>/dev/null || true)" != "$unit_dir/kiosk.service" ]; then
        run mkdir -p "$wants"
        run ln -sfn "$unit_dir/kiosk.service" "$wants/kiosk.service"
        did "linked kiosk.service into graphical-session.target.wants (systemctl not run)"
    else
        info "unchanged: $wants/kiosk.service"
    fi
    remember systemd_enabled link
fi

# --- 5. autostart ------------------------------------------------------------
step "5/7 autostart at login"
marker="# kiosk:autostart"
# The entries start the user service when systemd --user answers, else "kiosk run" itself:
# @KIOSK@ in them becomes the installed command.
kiosk_cmd="$venv/bin/kiosk"
if [ -d "$labwc_dir" ] || command -v labwc >/dev/null 2>&1; then
    autostart_mode=labwc
    labwc_file="$labwc_dir/autostart"
    line="$(grep -v '^#' "$here/autostart/labwc-autostart" | grep -F -m 1 "$marker")"
    line="${line//@KIOSK@/$kiosk_cmd}"
    if [ -f "$labwc_file" ] && grep -qxF "$line" "$labwc_file"; then
        info "unchanged: $labwc_file already starts the kiosk"
    elif [ -f "$labwc_file" ] && grep -qF "$marker" "$labwc_file"; then
        # An older kiosk line: replace it, keep every other line.
        if [ "$dry_run" = 1 ]; then
            info "would replace the kiosk's line in $labwc_file with: $line"
        else
            { grep -vF "$marker" "$labwc_file" || true; printf '%s\n' "$line"; } > "$labwc_file.kiosk-tmp"
            mv "$labwc_file.kiosk-tmp" "$labwc_file"
            info "replaced the kiosk's line in $labwc_file: $line"
        fi
        did "updated the kiosk's line in $labwc_file"
    else
        if [ ! -f "$labwc_file" ]; then
            remember labwc_autostart_created yes
            if [ -f /etc/xdg/labwc/autostart ]; then
                note "$labwc_file is new. labwc reads only the first autostart it finds unless it runs with
          --merge-config (-m), as Raspberry Pi OS's labwc-pi does; without it this file replaces
          /etc/xdg/labwc/autostart (panel, desktop). If that happens, copy that file's lines into it."
            fi
        fi
        if [ "$dry_run" = 1 ]; then
            info "would append to $labwc_file: $line"
        else
            mkdir -p "$labwc_dir"
            # Start on a new line even if the file does not end with one.
            if [ -s "$labwc_file" ] && [ -n "$(tail -c 1 "$labwc_file")" ]; then echo >> "$labwc_file"; fi
            printf '%s\n' "$line" >> "$labwc_file"
            info "appended to $labwc_file: $line"
        fi
        did "added the kiosk to $labwc_file"
    fi
else
    autostart_mode=xdg
    entry_tmp="$(mktemp "${TMPDIR:-/tmp}/kiosk.desktop.XXXXXX")"
    entry="$(cat "$here/autostart/kiosk.desktop")"
    printf '%s\n' "${entry//@KIOSK@/$kiosk_cmd}" > "$entry_tmp"
    put "$entry_tmp" "$autostart_dir/kiosk.desktop"
    rm -f "$entry_tmp"
    [ "$changed" = 1 ] && did "installed $autostart_dir/kiosk.desktop"
fi
remember autostart "$autostart_mode"

# --- 6. screen blanking ------------------------------------------------------
step "6/7 screen blanking"
if [ "$autostart_mode" = xdg ]; then
    put "$here/autostart/kiosk-noblank.desktop" "$autostart_dir/kiosk-noblank.desktop"
    [ "$changed" = 1 ] && did "installed $autostart_dir/kiosk-noblank.desktop (X11: xset s off -dpms s noblank at login)"
    command -v xset >/dev/null 2>&1 || note "xset is not installed, so the X11 no-blanking entry will do nothing: sudo apt-get install x11-xserver-utils"
fi

# GNOME: never go idle, never lock. Needs the user's session bus (dconf).
# (grep without -q: with pipefail, -q's early exit could fail the pipeline with SIGPIPE.)
if command -v gsettings >/dev/null 2>&1 && gsettings list-schemas 2>/dev/null | grep -x org.gnome.desktop.session >/dev/null; then
    if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -S "$XDG_RUNTIME_DIR/bus" ]; then
        export DBUS_SESSION_BUS_ADDRESS="unix:path=$XDG_RUNTIME_DIR/bus"
    fi
    if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
        for setting in "org.gnome.desktop.session idle-delay 0" "org.gnome.desktop.screensaver lock-enabled false"; do
            read -r schema key value <<<"$setting"
            gsettings list-keys "$schema" 2>/dev/null | grep -x "$key" >/dev/null || continue
            old="$(gsettings get "$schema" "$key")"
            if [ "$old" != "$value" ] && [ "$old" != "uint32 $value" ]; then
                grep -q "^gsettings:$schema:$key=" "$state" 2>/dev/null || remember "gsettings:$schema:$key" "$old"
                run gsettings set "$schema" "$key" "$value"
                did "gsettings set $schema $key $value (was $old)"
            else
                info "unchanged: $schema $key is already $value"
            fi
        done
    else
        note "GNOME settings found but no session bus (run from ssh/su?). In the kiosk's desktop session run:
          gsettings set org.gnome.desktop.session idle-delay 0; gsettings set org.gnome.desktop.screensaver lock-enabled false"
    fi
fi
if [ "$autostart_mode" = labwc ] || [ "${XDG_SESSION_TYPE:-}" = wayland ]; then
    note "labwc/wlroots (Wayland): blanking is done by an idle daemon, not by X. On Raspberry Pi OS turn it off with
          raspi-config > Display Options > Screen Blanking > No (or: sudo raspi-config nonint do_blanking 1);
          elsewhere remove/disable swayidle (or similar) in the compositor's autostart."
fi

# --- 7. settings file ----------------------------------------------------------
step "7/7 settings file"
# The same folder the kiosk reads (platformdirs: $XDG_CONFIG_HOME/kiosk, else ~/.config/kiosk).
settings_dir="${KIOSK_CONFIG_DIR:-$config_home/kiosk}"
settings_file="$settings_dir/settings.toml"
if [ -f "$settings_file" ]; then
    info "unchanged: $settings_file (yours; check it with: kiosk config --check)"
elif [ "$dry_run" = 1 ]; then
    info "would write a starter $settings_file (every setting commented out)"
else
    mkdir -p "$settings_dir"
    "$venv/bin/kiosk" config --starter > "$settings_file.new" && mv "$settings_file.new" "$settings_file"
    did "wrote a starter $settings_file (every setting commented out; see docs/settings.md)"
fi

# --- summary -----------------------------------------------------------------
echo
if [ "$dry_run" = 1 ]; then
    echo "install.sh: dry run finished; nothing was changed."
    exit 0
fi
echo "install.sh: done. What was done:"
for d in "${done_list[@]}"; do echo "  - $d"; done
if [ "${#notes[@]}" -gt 0 ]; then
    echo "Notes:"
    for n in "${notes[@]}"; do echo "  - $n"; done
fi
echo
echo "Choose the deck, opening hours and more in $settings_file, then check it: kiosk config --check"
if ! "$venv/bin/python" -c 'import sys; from kiosk import pin; sys.exit(0 if pin.load_record() else 1)' 2>/dev/null; then
    echo "Set the staff PIN (it opens the staff menu; there is none until you do): kiosk set-pin"
fi
case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "  ($bin_dir is not on PATH in this shell yet: log in again, or use $venv/bin/kiosk)" ;;
esac
autostart_file="$autostart_dir/kiosk.desktop"
[ "$autostart_mode" = labwc ] && autostart_file="$labwc_file"
if [ "$systemd_user" = 1 ]; then
    echo "Then start it now with: systemctl --user start kiosk"
    echo "  (at each desktop login $autostart_file starts it through systemd, which restarts it if it stops)"
else
    echo "systemd --user could not be reached from here, so the service was not started or checked."
    echo "At the next desktop login as $(id -un), $autostart_file starts the kiosk: through systemd"
    echo "  when the session has it, otherwise by running $kiosk_cmd run itself (again after an error)."
    echo "  To start it now in a desktop session: kiosk run"
fi
echo "Remove it again with: $here/uninstall.sh"
