#!/bin/sh
# Writes /etc/babelwire/agent.json from the environment, then runs the agent (docker-compose.yml, .env.example):
#   BABELWIRE_CONTROLLER_URL    the controller's base URL (required), e.g. http://controller:8080
#   BABELWIRE_ENROLMENT_TOKEN   an enrolment token (POST /api/v1/tokens), or BABELWIRE_ENROLMENT_TOKEN_FILE; only
#                               needed until the node has enrolled (the enrolment is kept in /var/lib/babelwire)
#   BABELWIRE_NODE_NAME         the name proposed at enrolment (default: the container's host name)
#   BABELWIRE_INTERFACE         the WireGuard interface (default bw0)
#   BABELWIRE_LISTEN_PORT       its UDP port (default 51820)
#   BABELWIRE_ENDPOINTS         comma-separated endpoints other nodes dial (default: this container's addresses)
#   BABELWIRE_LOG_LEVEL         Information by default
# A mounted /etc/babelwire/agent.json is used as it is (nothing is generated).
set -eu
config=/etc/babelwire/agent.json
fail() { echo "babelwire-agent-entrypoint: $*" >&2; exit 2; }
plain() { # the value goes into JSON as a string: refuse what would need escaping
  case "$2" in *'"'* | *'\'* | *'
'*) fail "$1 must not contain quotes, backslashes or newlines" ;; esac
}
if [ ! -e "$config" ]; then
  url=${BABELWIRE_CONTROLLER_URL:-}
  [ -n "$url" ] || fail "set BABELWIRE_CONTROLLER_URL (the controller's base URL)"
  token_file=${BABELWIRE_ENROLMENT_TOKEN_FILE:-}
  if [ -z "$token_file" ]; then
    token_file=/run/babelwire/enrolment-token
    if [ -n "${BABELWIRE_ENROLMENT_TOKEN:-}" ]; then
      mkdir -p /run/babelwire
      (umask 077; printf '%s\n' "$BABELWIRE_ENROLMENT_TOKEN" >"$token_file")
    elif [ ! -e /var/lib/babelwire/enrolment.json ]; then
      fail "set BABELWIRE_ENROLMENT_TOKEN (create one: POST /api/v1/tokens) or BABELWIRE_ENROLMENT_TOKEN_FILE"
    else
      : >"$token_file"   # enrolled already: the token is not read
    fi
  fi
  name=${BABELWIRE_NODE_NAME:-$(hostname)}
  interface=${BABELWIRE_INTERFACE:-bw0}
  port=${BABELWIRE_LISTEN_PORT:-51820}
  case "$port" in '' | *[!0-9]*) fail "BABELWIRE_LISTEN_PORT must be a port number" ;; esac
  for pair in "BABELWIRE_CONTROLLER_URL=$url" "BABELWIRE_NODE_NAME=$name" "BABELWIRE_INTERFACE=$interface" \
              "BABELWIRE_LISTEN_PORT=$port" "BABELWIRE_ENDPOINTS=${BABELWIRE_ENDPOINTS:-}" "BABELWIRE_ENROLMENT_TOKEN_FILE=$token_file" \
              "BABELWIRE_LOG_LEVEL=${BABELWIRE_LOG_LEVEL:-}"; do
    plain "${pair%%=*}" "${pair#*=}"
  done
  endpoints=""
  if [ -n "${BABELWIRE_ENDPOINTS:-}" ]; then
    endpoints=$(printf '%s' "$BABELWIRE_ENDPOINTS" | tr -d ' ' | sed 's/[^,][^,]*/"&"/g; s/,/, /g')
    endpoints=", \"endpoints\": [ $endpoints ]"
  fi
  mkdir -p /etc/babelwire /run/babelwire
  cat >"$config" <<JSON
{
  "stateDirectory": "/var/lib/babelwire",
  "statusSocket": "/run/babelwire/agent.sock",
  "logLevel": "${BABELWIRE_LOG_LEVEL:-Information}",
  "wireguard": { "interface": "$interface", "mode": "create", "backend": "userspace", "listenPort": $port },
  "controller": { "url": "$url", "tokenFile": "$token_file", "nodeName": "$name"$endpoints }
}
JSON
fi
exec dotnet /opt/babelwire/babelwire-agent.dll run --config "$config"
