#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring-daemon, so keytar
# (libsecret) has a Secret Service to talk to on a headless machine:
#   bash scripts/with-keyring.sh npx vitest run --project keychain
# Needs Debian's dbus and gnome-keyring (CI installs them with libsecret-1-dev; see .ci/run).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-keyring.sh <command> [args...]" >&2
  exit 2
fi

missing=()
command -v dbus-run-session >/dev/null 2>&1 || missing+=("dbus-run-session (Debian package: dbus)")
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=("gnome-keyring-daemon (Debian package: gnome-keyring)")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ERROR: the keychain tests need a headless keyring, but these are missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  echo "Install them with: apt-get install -y dbus gnome-keyring libsecret-1-dev" >&2
  exit 1
fi

# The daemon keeps its keyrings in a throwaway directory: the user's own login keyring (which another
# password would leave locked) is never opened, and nothing the tests store outlives the run.
CLUBOS_KEYRING_HOME=$(mktemp -d "${TMPDIR:-/tmp}/clubos-keyring.XXXXXX")
export CLUBOS_KEYRING_HOME
trap 'rm -rf "$CLUBOS_KEYRING_HOME"' EXIT

# shellcheck disable=SC2016 # expanded by the inner sh, inside the session
dbus-run-session -- sh -c '
  echo -n clubos-test |
    XDG_DATA_HOME="$CLUBOS_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' with-keyring "$@"
