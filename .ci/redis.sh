#!/usr/bin/env bash
# Make sure a Redis server answers on 127.0.0.1:6379 (the shared rate-limit store of the
# multi-process tests); install Debian's redis-server and start it when nothing answers.
set -euo pipefail
PORT=${REDIS_PORT:-6379}
ping_redis() {
  # PING without redis-cli: bash's /dev/tcp, two seconds at most.
  local reply
  exec 3<>/dev/tcp/127.0.0.1/$PORT || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 2 reply <&3 || reply=""
  exec 3>&- 3<&-
  [[ "$reply" == +PONG* ]]
}
if ping_redis 2>/dev/null; then
  echo "Redis already answers on 127.0.0.1:$PORT"
  exit 0
fi
if ! command -v redis-server >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
# No init system on these machines: run it as a daemon, in memory only (no dump files).
redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no \
  --dir /tmp --logfile /tmp/presisi-ci-redis-$PORT.log
for _ in $(seq 1 50); do ping_redis 2>/dev/null && break; sleep 0.2; done
ping_redis || { echo "Redis did not start (see /tmp/presisi-ci-redis-$PORT.log)"; exit 1; }
echo "Redis ready on 127.0.0.1:$PORT"
