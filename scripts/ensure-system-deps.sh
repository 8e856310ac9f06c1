#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need, only when missing:
# Chromium (browser tests), Kamailio with its WebSocket and TLS modules (the PBX, ws:// and
# wss://) and openssl (a self-signed test certificate), sox (test tones),
# PostgreSQL (integration and end-to-end database), iproute2 (loopback-only namespaces),
# tcpdump (packet counts on lo in the trunk specs).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v kamailio >/dev/null 2>&1 || missing+=(kamailio)
ls /usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so >/dev/null 2>&1 || missing+=(kamailio-websocket-modules)
ls /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so >/dev/null 2>&1 || missing+=(kamailio-tls-modules)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v sox >/dev/null 2>&1 || missing+=(sox)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# the carrier trunk: rtpengine bridges WebRTC to plain RTP; sipp plays the carrier peer in tests
command -v rtpengine >/dev/null 2>&1 || missing+=(rtpengine-daemon)
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
# the trunk and auto-call specs count RTP and RFC 4733 packets on lo
command -v tcpdump >/dev/null 2>&1 || missing+=(tcpdump)
ls /usr/lib/x86_64-linux-gnu/kamailio/modules/rtpengine.so >/dev/null 2>&1 || missing+=(kamailio-extra-modules)
# 96110 routing: the PBX asks the record store for the next ready agent over HTTP
ls /usr/lib/x86_64-linux-gnu/kamailio/modules/http_client.so >/dev/null 2>&1 || missing+=(kamailio-utils-modules)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
# automatic warning calls: espeak-ng speaks the Mandarin warning (cmn voice), baresip places the call
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v baresip >/dev/null 2>&1 || missing+=(baresip-core)
# CJK glyphs, so screenshots of the Chinese UI taken by the tests are legible
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || missing+=(fonts-noto-cjk)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "system packages missing: ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "not root: install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
timeout 600 apt-get update -q >/dev/null
timeout 900 apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a cluster on install; the tests run their own throwaway clusters instead.
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  (service postgresql stop || true) >/dev/null 2>&1
fi
echo "installed: ${missing[*]}"
