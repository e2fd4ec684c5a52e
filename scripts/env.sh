# Sourced by the project's scripts: one definition of where the toolchain, state and
# passphrase live, so `npm run pulumi`, the demo and the e2e tests agree.
PHOENIX_PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PHOENIX_PROJECT
export PHOENIX_CACHE="${PHOENIX_CACHE:-$HOME/.cache/phoenix}"

phoenix_toolchain_bin() { bash "$PHOENIX_PROJECT/toolchain/build-pulumi.sh"; }

# The serialized provider of each resource is a require() of node_modules/phoenix-shim/<Kind>.js
# (providers/shim-package/make.js says why); kept in step with the project on every run.
phoenix_install_shim() {
  local to="$PHOENIX_PROJECT/node_modules/phoenix-shim"
  [ -d "$PHOENIX_PROJECT/node_modules" ] || return 0
  mkdir -p "$to"
  # Other Pulumi runs of this checkout may be loading these files right now: a changed file is
  # replaced by rename (never seen half-written), an unchanged one is left alone.
  local f
  for f in "$PHOENIX_PROJECT"/providers/shim-package/*.js "$PHOENIX_PROJECT"/providers/shim-package/package.json; do
    cmp -s "$f" "$to/${f##*/}" && continue
    cp -f "$f" "$to/.${f##*/}.$$" && mv -f "$to/.${f##*/}.$$" "$to/${f##*/}"
  done
}

# The program and providers run as JavaScript compiled from the current sources (fast when
# nothing changed; scripts/compiled.js, docs/decisions/0023).
phoenix_compile() {
  [ -d "$PHOENIX_PROJECT/node_modules/typescript" ] || return 0
  node "$PHOENIX_PROJECT/scripts/compiled.js" build
}

# Everything Pulumi keeps stays inside the project (git-ignored) and nothing ever asks a
# Pulumi service or a plugin download site for anything.
phoenix_pulumi_env() {
  local bin; bin="$(phoenix_toolchain_bin)"
  export PATH="$bin:$PATH"
  export PULUMI_HOME="${PULUMI_HOME:-$PHOENIX_PROJECT/.pulumi/home}"
  export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PHOENIX_PROJECT/.pulumi/state}"
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
  export PULUMI_NODEJS_TRANSPILE_ONLY=true
  # The file backend pretty-prints state (4-space indents double its size); gzip stores it at a
  # tenth. `pulumi stack export` still shows plain JSON (docs/decisions/0016).
  export PULUMI_SELF_MANAGED_STATE_GZIP="${PULUMI_SELF_MANAGED_STATE_GZIP:-true}"
  # refresh and destroy run the program too, so providers get the stack's current connection
  # settings rather than those recorded in state (docs/decisions/0012); the providers refuse
  # to touch the host without it.
  export PULUMI_RUN_PROGRAM="${PULUMI_RUN_PROGRAM:-true}"
  mkdir -p "$PULUMI_HOME" "${PULUMI_BACKEND_URL#file://}"
  phoenix_install_shim
  phoenix_compile
  if [ -z "${PULUMI_CONFIG_PASSPHRASE+x}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    # A per-checkout random passphrase: secrets in state are encrypted without prompting.
    local pass="$PHOENIX_PROJECT/.pulumi/passphrase"
    if [ ! -s "$pass" ]; then (umask 077 && head -c 32 /dev/urandom | base64 > "$pass"); fi
    export PULUMI_CONFIG_PASSPHRASE_FILE="$pass"
  fi
}
