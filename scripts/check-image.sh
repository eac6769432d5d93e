#!/usr/bin/env bash
# Builds the Docker image from ./Dockerfile and proves that it serves.
#
# These machines have no Docker engine and cannot reach a container registry, so:
#   - podman builds the image with chroot isolation (RUN steps work; a container
#     runtime does not, so `podman run` is never used);
#   - the base is a Debian with Python 3 bootstrapped from Debian's own packages
#     (debootstrap) and passed in as BASE_IMAGE; it is cached, as a tarball under
#     ${CRM_MOCK_IMAGE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/crm-mock-image} and as a
#     podman image, so only the first run on a machine pays for it;
#   - pip inside the build reaches PyPI the way this machine does: the host's CA
#     bundle and index settings are mounted in for the build only, never baked in;
#   - the built image's filesystem is mounted and its own command (Cmd, Env, User,
#     WorkingDir, read from the image) is started there with chroot, on a free port
#     of the shared network; the check waits for /__mock__/health, runs the image's
#     HEALTHCHECK, sends one real request to each vendor, fetches the console and
#     the API reference pages, then stops the server by
#     its process id.
# Each step prints "== step"; a failure names the step that broke and exits non-zero.
# Needs root (apt-get, debootstrap, mount, chroot). Usage: bash scripts/check-image.sh
set -Eeuo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image=${CRM_MOCK_IMAGE:-localhost/crm-mock:check}
suite=${CRM_MOCK_BASE_SUITE:-bookworm}
cache=${CRM_MOCK_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crm-mock-image}

step_name="start"
step() { step_name=$1; echo "== $1"; }
fail() { show_server_log; echo "check-image: FAILED at step '$step_name': $*" >&2; exit 1; }
on_error() {
  local rc=$?
  ((BASH_SUBSHELL == 0)) || exit "$rc" # the shell that ran the subshell reports it
  show_server_log
  echo "check-image: FAILED at step '$step_name': \`$BASH_COMMAND\` exited $rc" >&2
  exit "$rc"
}
trap on_error ERR

work=$(mktemp -d /tmp/crm-mock-image.XXXXXX)
container="" mnt="" server="" mounted=()
show_server_log() {
  if [[ -s "${work:-}/serve.log" ]]; then
    echo "--- the server's output (last 40 lines):" >&2
    tail -n 40 "$work/serve.log" >&2
  fi
}
processes_in() { # the pids of processes whose root is $1
  local p
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/root" 2>/dev/null)" == "$1" ]] && echo "${p#/proc/}"
  done
  return 0
}
cleanup() {
  set +e
  trap - ERR
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"; sleep 1; kill -KILL "$server" 2>/dev/null
  fi
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}"; done
  if [[ -n "$container" ]]; then
    podman umount "$container" > /dev/null 2>&1
    podman rm --force "$container" > /dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # so that cleanup runs

[[ $EUID -eq 0 ]] || fail "run it as root (it installs packages, bootstraps a base, mounts and chroots)"

step "tools: podman, debootstrap, curl"
missing=()
command -v podman > /dev/null || missing+=(podman)
command -v debootstrap > /dev/null || missing+=(debootstrap)
command -v curl > /dev/null || missing+=(curl)
command -v python3 > /dev/null || missing+=(python3)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" ca-certificates > "$work/apt.log" 2>&1 \
    || { tail -n 30 "$work/apt.log" >&2; fail "apt-get install ${missing[*]}"; }
fi
podman --version

step "base image: Debian $suite with Python 3.11+ (cached in $cache)"
mkdir -p "$cache"
exec 9> "$cache/lock"
flock 9 # runs take turns, from here to the end
# What a run that was killed left behind: its container, and the mounts in it.
for stale in $(podman ps --all --filter name='^crm-mock-check-' --format '{{.Names}}'); do
  dir=$(podman inspect --format '{{.GraphDriver.Data.MergedDir}}' "$stale" 2> /dev/null || true)
  if [[ -n "$dir" ]]; then umount "$dir/dev" "$dir/proc" 2> /dev/null || true; fi
  podman rm --force "$stale" > /dev/null 2>&1 || true
  echo "removed $stale, left by a run that did not finish"
done
# The Debian mirror this machine's apt uses (one-line or deb822 sources), else Debian's own.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^[:space:]]+/debian/?' | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
packages=python3,python3-venv,ca-certificates
recipe="suite=$suite packages=$packages arch=$(dpkg --print-architecture) v1"
key=$(printf '%s' "$recipe" | sha256sum | cut -c1-12)
base="localhost/crm-mock-base:$suite-$key"
tarball="$cache/base-$suite-$key.tar"
if podman image exists "$base"; then
  echo "cached: $base"
else
  if [[ ! -s "$tarball" ]]; then
    echo "bootstrapping ($recipe) from $mirror"
    rootfs="$cache/rootfs.tmp"
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
      || { tail -n 30 "$work/debootstrap.log" >&2; rm -rf "$rootfs"; fail "debootstrap $suite from $mirror"; }
    chroot "$rootfs" python3 -c 'import sys; assert sys.version_info >= (3, 11), sys.version' \
      || { rm -rf "$rootfs"; fail "the bootstrapped $suite has no Python 3.11+"; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  else
    echo "cached: $tarball"
  fi
  # What the official Debian images set, so that the Dockerfile sees an ordinary base.
  podman import --quiet --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' "$tarball" "$base" > /dev/null
  echo "imported: $base"
fi

step "build the image from the Dockerfile (base $base)"
# pip in the build trusts what this machine trusts and uses its index, if it sets one.
ca_bundle=${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}
[[ -s "$ca_bundle" ]] || fail "no CA bundle at $ca_bundle"
pip_setting() { # $1: a pip option; the host's value, from its environment or pip's config files
  local var="PIP_${1^^}"; var=${var//-/_}
  if [[ -n "${!var:-}" ]]; then printf '%s\n' "${!var}"; else python3 -m pip config get "global.$1" 2>/dev/null || true; fi
}
http_only() { tr ' ' '\n' | grep -E '^https?://' | tr '\n' ' ' || true; }
mkdir -p "$work/pip"
{
  echo "[global]"
  echo "cert = $ca_bundle"
  index_url=$(pip_setting index-url | http_only)
  extra_index_url=$(pip_setting extra-index-url | http_only)
  trusted_host=$(pip_setting trusted-host)
  [[ -z "${index_url// /}" ]] || echo "index-url = $index_url"
  [[ -z "${extra_index_url// /}" ]] || echo "extra-index-url = $extra_index_url"
  [[ -z "$trusted_host" ]] || echo "trusted-host = $trusted_host"
} > "$work/pip/pip.conf"
old_id=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
# --format docker keeps the HEALTHCHECK (the OCI format has no place for it).
podman build --isolation chroot --format docker --pull=never --layers \
  --build-arg "BASE_IMAGE=$base" \
  --volume "$(dirname "$ca_bundle"):$(dirname "$ca_bundle"):ro" \
  --volume "$work/pip:/etc/xdg/pip:ro" \
  --tag "$image" --file "$repo/Dockerfile" "$repo"
new_id=$(podman image inspect --format '{{.Id}}' "$image")
if [[ -n "$old_id" && "$old_id" != "$new_id" ]]; then
  podman rmi "$old_id" > /dev/null 2>&1 || true # the last run's image, now untagged
fi

step "start the image's command from its filesystem"
field() { podman image inspect --format "$1" "$image"; }
list() { # a list (JSON, from the template $1) in the image's config, one NUL-terminated item each
  field "$1" | python3 -c 'import json, sys; sys.stdout.write("".join(x + "\0" for x in json.load(sys.stdin) or []))'
}
mapfile -d '' -t image_env < <(list '{{json .Config.Env}}')
mapfile -d '' -t entrypoint < <(list '{{json .Config.Entrypoint}}')
mapfile -d '' -t cmd < <(list '{{json .Config.Cmd}}')
command=("${entrypoint[@]}" "${cmd[@]}")
user=$(field '{{.Config.User}}')
workdir=$(field '{{.Config.WorkingDir}}')
mapfile -d '' -t healthcheck < <(list '{{if .HealthCheck}}{{json .HealthCheck.Test}}{{else}}null{{end}}')
((${#command[@]})) || fail "the image has no CMD or ENTRYPOINT"
((${#healthcheck[@]})) || fail "the image has no HEALTHCHECK"
[[ -n "$user" ]] || fail "the image runs as root (no USER)"
container=$(podman create --pull=never --name "crm-mock-check-$$" "$image")
mnt=$(podman mount "$container")
mount -t proc proc "$mnt/proc"
mounted+=("$mnt/proc")
mount --bind /dev "$mnt/dev"
mounted+=("$mnt/dev")
# USER is a name (or uid), resolved in the image's own /etc/passwd, as a runtime does.
passwd_entry=$(awk -F: -v u="${user%%:*}" '$1 == u || $3 == u' "$mnt/etc/passwd" | head -n 1)
[[ -n "$passwd_entry" ]] || fail "USER $user is not in the image's /etc/passwd"
IFS=: read -r _ _ uid gid _ home _ <<< "$passwd_entry"
[[ "$uid" != 0 ]] || fail "USER $user is root"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])')
run_env=("${image_env[@]}" "CRM_MOCK_PORT=$port")
printf '%s\n' "${image_env[@]}" | grep -q '^HOME=' || run_env+=("HOME=$home")
in_image() { # run "$@" in the image's filesystem as its user, with its environment and workdir
  chroot --userspec="$uid:$gid" "$mnt" /usr/bin/env -i -C "${workdir:-/}" "${run_env[@]}" "$@"
}
echo "as $user ($uid:$gid) on port $port: ${command[*]}"
# A plain command, not in_image: the pid is then chroot's, which becomes the server's.
chroot --userspec="$uid:$gid" "$mnt" /usr/bin/env -i -C "${workdir:-/}" "${run_env[@]}" "${command[@]}" \
  > "$work/serve.log" 2>&1 < /dev/null &
server=$!

step "wait for /__mock__/health on port $port"
base_url="http://127.0.0.1:$port"
for ((i = 0; ; i++)); do
  if curl -fsS --max-time 2 "$base_url/__mock__/health" > /dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || fail "the server exited before it answered"
  ((i < 300)) || fail "no answer from $base_url/__mock__/health in 60 s"
  sleep 0.2
done
health=$(curl -fsS "$base_url/__mock__/health")
echo "health: ${health:0:100}..."
running_uid=$(awk '/^Uid:/ {print $3}' "/proc/$server/status")
[[ "$running_uid" == "$uid" ]] || fail "the server runs as uid $running_uid, not $uid"
# Listening on 0.0.0.0, as the image says (CRM_MOCK_HOST), seen in the kernel's socket table.
grep -qE "^ *[0-9]+: 00000000:$(printf '%04X' "$port") 00000000:0000 0A " /proc/net/tcp \
  || fail "the server does not listen on 0.0.0.0:$port"
echo "serving as uid $running_uid on 0.0.0.0:$port"

step "the image's HEALTHCHECK"
case ${healthcheck[0]} in
  CMD) in_image "${healthcheck[@]:1}" ;;
  CMD-SHELL) in_image /bin/sh -c "${healthcheck[1]}" ;;
  *) fail "HEALTHCHECK ${healthcheck[*]}" ;;
esac || fail "the HEALTHCHECK failed against a serving server: ${healthcheck[*]}"
echo "healthy: ${healthcheck[*]:1}"

step "one real request to each vendor"
b64url() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
ask() { # vendor path curl-args...: expects 200 and a JSON body
  local vendor=$1 path=$2 status
  shift 2
  status=$(curl -sS --max-time 10 -o "$work/body" -w '%{http_code}' "$@" "$base_url$path") \
    || fail "$vendor: GET $path did not answer"
  [[ "$status" == 200 ]] || fail "$vendor: GET $path answered $status: $(head -c 300 "$work/body")"
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$work/body" 2>/dev/null \
    || fail "$vendor: GET $path answered 200 but not JSON: $(head -c 300 "$work/body")"
  printf '  %-9s GET %s -> %s, %s bytes of JSON\n' "$vendor" "$path" "$status" "$(wc -c < "$work/body")"
}
ask highlevel /highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3 \
  -H 'Authorization: Bearer ci-token' -H 'Version: 2021-07-28'
ask zendesk '/zendesk/api/v2/custom_objects/car/records.json?page%5Bsize%5D=2' \
  -u 'agent@example.com/token:ci-api-token'
ask espocrm '/espocrm/api/v1/Account?maxSize=2' -H 'X-Api-Key: ci-key'
ask openint /openint/v0/unified/crm/account -H "x-apikey: $(printf 'org_ci:secret' | base64 -w0)" \
  -H 'x-connection-id: conn_salesforce_01JNCN0000000000000000SF01'
ask salesos /salesos/v1/custom-objects \
  -H "Authorization: Bearer $(b64url '{"alg":"HS256"}').$(b64url '{"sub":"ci"}').x"

step "the console and the API reference come from the image's own files"
page() { # path text: expects 200 and the text in the body
  local status
  status=$(curl -sS --max-time 10 -o "$work/page" -w '%{http_code}' "$base_url$1") || fail "GET $1 did not answer"
  [[ "$status" == 200 ]] || fail "GET $1 answered $status"
  grep -q -- "$2" "$work/page" || fail "GET $1 does not hold '$2'"
  printf '  GET %s -> %s, %s bytes\n' "$1" "$status" "$(wc -c < "$work/page")"
}
page /__mock__/ui/ '<title>crm-mock console</title>'
page /__mock__/ui/console.js 'import'
page /__mock__/docs/highlevel 'swagger-ui-bundle.js'
page /__mock__/docs/assets/swagger-ui-bundle.js 'SwaggerUIBundle'

step "stop the server (pid $server)"
kill -TERM "$server"
for ((i = 0; i < 50; i++)); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$server" 2>/dev/null; then fail "pid $server still runs 10 s after SIGTERM"; fi
status=0
wait "$server" || status=$?
server=""
[[ $status -eq 0 ]] || fail "the server exited with status $status after SIGTERM (a clean stop exits 0)"
left=$(processes_in "$mnt" | tr '\n' ' ')
# shellcheck disable=SC2086 # $left is a list of pids
[[ -z "${left// /}" ]] || { kill -KILL $left 2>/dev/null || true; fail "processes left in the image after the server stopped: $left"; }
echo "stopped"

echo "check-image: OK: $image built from Dockerfile on $base, served, and answered all five vendors"
