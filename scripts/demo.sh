#!/usr/bin/env bash
# The one-command demo: `make up` / `make down` / `make status` (scripts/demo.sh up|down|status).
#
#   up      ensure the Pulumi engine, start the local ElastiCache emulator in the background (reused
#           when already running), `pulumi up --yes` the root project on the `local` stack, then print
#           the users, groups and members read back from the emulator. Running it again changes nothing.
#   down    `pulumi destroy --yes` the `local` stack, remove it from the local backend (its config file
#           Pulumi.local.yaml stays), stop the emulator and delete its state file.
#   status  whether the emulator runs, the stack's outputs, what exists in the emulator.
#
# Everything lives under .state/ (gitignored): the emulator's pid, log and state file, the Pulumi file
# backend and a private PULUMI_HOME. Nothing talks to AWS or the Pulumi Cloud: the AWS credentials are
# fake and every ElastiCache call goes to the emulator on loopback.
#
# Environment (all optional): DEMO_STATE_DIR (default .state), DEMO_EMULATOR_PORT (default 4566),
# DEMO_PASSPHRASE (default: the passphrase the committed Pulumi.local.yaml is encrypted with),
# ENGINE_PYTHON (the venv interpreter; set by the Makefile).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

py="${ENGINE_PYTHON:-$here/.venv/bin/python}"
venv_bin="$(dirname "$py")"
state="${DEMO_STATE_DIR:-$here/.state}"
port="${DEMO_EMULATOR_PORT:-4566}"
stack="local"
endpoint="http://127.0.0.1:$port"
pid_file="$state/emulator.pid"
log_file="$state/emulator.log"
emulator_state="$state/emulator-state.json"
# The passphrase of the committed Pulumi.local.yaml. It only protects the demo's fake passwords; real
# stacks use their own passphrase or a cloud secrets provider (see docs/usage.md).
demo_passphrase="elasticache-rbac-local-demo"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() {
  printf '\033[31mERROR: %s\033[0m\n' "$*" >&2
  exit 1
}

[ -x "$py" ] || die "no Python virtualenv at $py: run \`make up\` (it creates .venv) or \`make venv\`"
mkdir -p "$state"

emulator_pid() {
  # The pid of *our* emulator, when it is running (a stale pid file is ignored).
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

emulator_healthy() {
  "$py" - "$endpoint" <<'PY' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_emulator/health", timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
PY
}

start_emulator() {
  if pid="$(emulator_pid)"; then
    # Give a starting (or stopping) emulator a few seconds to answer (or to exit).
    for _ in $(seq 1 50); do
      if emulator_healthy; then
        say "Emulator already running (pid $pid) on $endpoint"
        return
      fi
      emulator_pid >/dev/null || break
      sleep 0.1
    done
    emulator_pid >/dev/null &&
      die "emulator (pid $pid) is running but $endpoint does not answer; see $log_file, or \`kill $pid\` and retry"
  fi
  if emulator_healthy; then
    die "port $port already serves an emulator that this demo did not start (no $pid_file); stop it or set DEMO_EMULATOR_PORT"
  fi
  [ -x "$venv_bin/elasticache-emulator" ] || die "$venv_bin/elasticache-emulator is missing: run \`make venv\`"
  say "Starting the ElastiCache emulator on $endpoint (state: $emulator_state, log: $log_file)"
  # setsid: the emulator outlives this script and is not killed with the terminal's process group.
  setsid "$venv_bin/elasticache-emulator" --host 127.0.0.1 --port "$port" --state-file "$emulator_state" \
    >"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
  for _ in $(seq 1 100); do
    if emulator_healthy; then
      return
    fi
    if ! emulator_pid >/dev/null; then
      tail -n 20 "$log_file" >&2 || true
      rm -f "$pid_file"
      die "the emulator exited during startup (log above, full log: $log_file); is port $port in use? Set DEMO_EMULATOR_PORT"
    fi
    sleep 0.1
  done
  die "the emulator did not answer on $endpoint within 10 s; see $log_file"
}

stop_emulator() {
  local pid
  if pid="$(emulator_pid)"; then
    say "Stopping the emulator (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  else
    say "Emulator not running"
  fi
  rm -f "$pid_file"
}

pulumi_env() {
  say "Ensuring the Pulumi engine (make engine)"
  local engine_dir
  engine_dir="$(ENGINE_PYTHON="$py" bash "$here/scripts/build-engine.sh" | tail -1)" ||
    die "could not get the Pulumi engine; run \`make engine\` to see why"
  [ -x "$engine_dir/pulumi" ] || die "no pulumi binary in '$engine_dir'; run \`make engine\`"
  export PATH="$engine_dir:$venv_bin:$PATH"
  export PULUMI_HOME="$state/pulumi-home"
  export PULUMI_BACKEND_URL="file://$state/backend"
  unset PULUMI_CONFIG_PASSPHRASE_FILE
  export PULUMI_CONFIG_PASSPHRASE="${DEMO_PASSPHRASE:-$demo_passphrase}"
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_PYTHON_CMD="$py"
  # Fake credentials, the emulator's endpoint: the demo never reaches AWS, whatever the shell has set.
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ENDPOINT_URL
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  export AWS_ENDPOINT_URL_ELASTICACHE="$endpoint"
  mkdir -p "$state/backend" "$PULUMI_HOME"
}

select_stack() {
  pulumi stack select --create "$stack" --secrets-provider passphrase --non-interactive >/dev/null ||
    die "could not select stack '$stack' (does DEMO_PASSPHRASE match the one Pulumi.local.yaml is encrypted with?)"
}

stack_exists() {
  pulumi stack ls --json 2>/dev/null | "$py" -c 'import json,sys; sys.exit(0 if any(s["name"]=="'"$stack"'" for s in json.load(sys.stdin)) else 1)'
}

show_emulator() {
  "$py" - "$endpoint" <<'PY'
import sys

import boto3

client = boto3.client("elasticache", endpoint_url=sys.argv[1], region_name="us-east-1")
users = [u for page in client.get_paginator("describe_users").paginate() for u in page["Users"]]
groups = [g for page in client.get_paginator("describe_user_groups").paginate() for g in page["UserGroups"]]
print(f"\nIn the emulator ({sys.argv[1]}, region us-east-1):")
print(f"  users ({len(users)}):")
for u in sorted(users, key=lambda u: u["UserId"]):
    auth = u.get("Authentication", {})
    pw = f", {auth['PasswordCount']} password(s)" if auth.get("PasswordCount") else ""
    print(
        f"    {u['UserId']:<16} name={u['UserName']:<12} engine={u['Engine']:<6} "
        f"auth={auth.get('Type', '?')}{pw}  status={u['Status']}  access='{u['AccessString']}'"
    )
print(f"  user groups ({len(groups)}):")
for g in sorted(groups, key=lambda g: g["UserGroupId"]):
    print(f"    {g['UserGroupId']:<16} engine={g['Engine']:<6} status={g['Status']:<9} members: {', '.join(sorted(g.get('UserIds', []))) or '(none)'}")
print()
PY
}

cmd_up() {
  pulumi_env
  start_emulator
  select_stack
  say "pulumi up --yes (stack '$stack' of $here)"
  pulumi up --yes --non-interactive --stack "$stack" ||
    die "pulumi up failed (output above). The emulator keeps running: fix and re-run \`make up\`, or \`make down\`"
  show_emulator
  say "Done. Run \`make up\` again: nothing changes. \`make down\` removes it all."
}

cmd_down() {
  pulumi_env
  if stack_exists; then
    start_emulator # destroy talks to it; reuses a running one
    select_stack
    say "pulumi destroy --yes (stack '$stack')"
    pulumi destroy --yes --non-interactive --stack "$stack" ||
      die "pulumi destroy failed (output above); the emulator keeps running so you can retry \`make down\`"
    pulumi stack rm --yes --preserve-config --non-interactive "$stack" >/dev/null
  else
    say "No '$stack' stack in $state/backend: nothing to destroy"
  fi
  stop_emulator
  rm -f "$emulator_state"
  say "Done."
}

cmd_status() {
  pulumi_env
  if pid="$(emulator_pid)"; then
    say "Emulator running (pid $pid) on $endpoint"
  else
    say "Emulator not running (\`make up\` starts it)"
  fi
  if stack_exists; then
    select_stack
    say "Stack '$stack' outputs"
    pulumi stack output --stack "$stack" || true
  else
    say "No '$stack' stack yet"
  fi
  if emulator_pid >/dev/null; then
    show_emulator
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) die "usage: scripts/demo.sh up|down|status" ;;
esac
