#!/bin/sh
# Runs a test program inside a private D-Bus session with its own unlocked gnome-keyring (the
# Secret Service that QtKeychain's libsecret backend talks to), in a throw-away HOME, so that a
# keychain test never touches the user's keyring. It sets SAM3_PRIVATE_SECRET_SERVICE=1 for the
# program; keychain tests refuse to run without it. Without dbus-run-session, gnome-keyring-daemon
# (Debian: dbus, gnome-keyring) or a daemon that starts, the program runs as it is and its keychain
# tests skip, saying why.
# Usage: with_secret_service.sh PROGRAM [ARGS...]
set -u
if ! command -v dbus-run-session >/dev/null 2>&1 ||
  ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with_secret_service.sh: dbus-run-session or gnome-keyring-daemon not found" \
    "(Debian: dbus, gnome-keyring); running without a Secret Service" >&2
  exec "$@"
fi
root=$(mktemp -d "${TMPDIR:-/tmp}/sam3-keyring.XXXXXX") || exit 1
trap 'rm -rf "$root"' EXIT INT TERM
mkdir -m 700 "$root/run"
export HOME="$root" XDG_DATA_HOME="$root/data" XDG_CONFIG_HOME="$root/config"
export XDG_CACHE_HOME="$root/cache" XDG_RUNTIME_DIR="$root/run"
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION GNOME_KEYRING_CONTROL
# --unlock reads the new login keyring's password from stdin; the keyring becomes the default
# collection. The daemon leaves with the session bus.
dbus-run-session -- sh -c '
  if printf "sam3-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  then export SAM3_PRIVATE_SECRET_SERVICE=1
  else echo "with_secret_service.sh: gnome-keyring-daemon did not start" >&2
  fi
  "$@"' sh "$@"
