#!/usr/bin/env bash
# Install the Debian packages the kiosk's Qt needs (listed in debian-packages.txt).
#
#   system-deps.sh            install what is missing (as root, with sudo -n, or print the command)
#   system-deps.sh --check    only report; exit 1 when something is missing
#   system-deps.sh --quiet    print nothing unless something is missing or goes wrong
#
# Idempotent: when everything is installed it runs one dpkg-query and no apt-get.
# On a machine without dpkg (not Debian-like) it prints a note and exits 0.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="${KIOSK_DEBIAN_PACKAGES:-$here/debian-packages.txt}"
check_only=0
quiet=0

usage() {
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
    case "$1" in
        --check) check_only=1 ;;
        --quiet|-q) quiet=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "system-deps.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { [ "$quiet" = 1 ] || echo "system-deps: $*"; }
warn() { echo "system-deps: WARNING: $*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: note: this is not a Debian-like system (no dpkg-query), so nothing was checked." >&2
    echo "system-deps: install your distribution's equivalents of the packages in $list" >&2
    echo "system-deps: (Qt's xcb/wayland libraries, libGL/libEGL, fontconfig, dbus, glib)." >&2
    exit 0
fi

if [ ! -r "$list" ]; then
    echo "system-deps: cannot read the package list $list" >&2
    exit 2
fi

# Package names: strip comments and blanks.
mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$' || true)
if [ "${#wanted[@]}" -eq 0 ]; then
    say "the package list $list is empty; nothing to do"
    exit 0
fi

# One dpkg-query for all of them ("install ok installed" is the only good status;
# a package dpkg has never heard of is simply absent from the output).
declare -A installed=()
while IFS=$'\t' read -r name status; do
    [ "$status" = "install ok installed" ] && installed["${name%%:*}"]=1
done < <(dpkg-query -W -f='${Package}\t${Status}\n' "${wanted[@]}" 2>/dev/null || true)

missing=()
for p in "${wanted[@]}"; do
    [ -n "${installed[$p]:-}" ] || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
    say "all ${#wanted[@]} system packages are installed"
    exit 0
fi

install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"

if [ "$check_only" = 1 ]; then
    echo "system-deps: missing ${#missing[@]} of ${#wanted[@]} packages: ${missing[*]}" >&2
    echo "system-deps: install them with: sudo $install_cmd" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    warn "missing ${#missing[@]} system packages: ${missing[*]}"
    warn "not root and sudo needs a password, so they were NOT installed. Run:"
    echo "    sudo apt-get update && sudo $install_cmd" >&2
    warn "until then the kiosk can still run headless (kiosk run --headless), but not on a screen."
    exit 0
fi

# In --quiet mode apt's and dpkg's chatter goes to a log that is shown only on failure.
log="$(mktemp "${TMPDIR:-/tmp}/kiosk-system-deps.XXXXXX")"
trap 'rm -f "$log"' EXIT
run_apt() {
    if [ "$quiet" = 1 ]; then
        if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q "$@" >>"$log" 2>&1; then
            cat "$log" >&2
            return 1
        fi
    else
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
    fi
}

# apt-get update only when needed: no package lists at all, or some missing
# package has no installation candidate in the lists we have.
need_update=0
if ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
    need_update=1
else
    # A package apt does not know at all prints nothing, so count the candidates.
    candidates="$(apt-cache policy "${missing[@]}" 2>/dev/null | grep -c '^ *Candidate: [^(]' || true)"
    [ "$candidates" -lt "${#missing[@]}" ] && need_update=1
fi

if [ "$need_update" = 1 ]; then
    say "running apt-get update"
    run_apt update
fi

say "installing ${#missing[@]} packages: ${missing[*]}"
if ! run_apt install -y --no-install-recommends "${missing[@]}"; then
    [ "$need_update" = 1 ] && exit 1
    # Stale package lists (e.g. a 404 for a superseded version): refresh once and retry.
    warn "apt-get install failed; refreshing the package lists and trying again"
    run_apt update
    run_apt install -y --no-install-recommends "${missing[@]}"
fi
say "done: all ${#wanted[@]} system packages are installed"
