#!/usr/bin/env bash
# Runs a command inside a fresh network namespace that has only a loopback interface, so
# WebRTC ICE checks and every server can only reach 127.0.0.1 (rig.md). Falls back to an
# unprivileged user namespace, and finally runs unwrapped with a loud warning.
set -uo pipefail
limit=${NETNS_TIMEOUT:-1200}
if unshare --net -- true 2>/dev/null; then
  exec unshare --net -- bash -c 'ip link set lo up && exec timeout -k 10 "$0" "${@}"' "$limit" "$@"
elif unshare --net --map-root-user -- true 2>/dev/null; then
  exec unshare --net --map-root-user -- bash -c 'ip link set lo up && exec timeout -k 10 "$0" "${@}"' "$limit" "$@"
else
  echo "WARNING: cannot create a network namespace here; running without loopback isolation" >&2
  exec timeout -k 10 "$limit" "$@"
fi
