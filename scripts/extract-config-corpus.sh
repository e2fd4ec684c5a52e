#!/usr/bin/env bash
# Extracts the compatibility corpus: every distinct revision of the original project's two
# config files (github.com/SirHeads/Testing-ideas, usr/local/phoenix_hypervisor/etc/) from a
# git mirror into test/fixtures/config-corpus/. Tests read only what this writes; nothing is
# fetched at test time.
#
#   scripts/extract-config-corpus.sh <git-dir-of-a-mirror> [<out-dir>]
#
# Output:
#   hypervisor/<yyyymmdd>-<blob>.json, lxc/<yyyymmdd>-<blob>.json
#       one file per distinct blob (identical revisions are stored once), named after the
#       committer date of the oldest commit that carries it and the blob's short hash; the
#       only change from the blob is a redacted portainer_api.admin_password value;
#   snapshots.tsv
#       one line per distinct pair of files that existed together in some commit (on any
#       branch): date, commit, hypervisor fixture, lxc fixture, and the container feature
#       scripts that commit shipped (bin/lxc_setup/phoenix_hypervisor_feature_install_<name>.sh),
#       which is what a feature name was checked against then. A revision of one file is
#       validated with the other file as it was in the same commit, so cross-file rules
#       (storages, shared-volume mounts) see consistent pairs.
# Revisions from before 2025-09-07 lived elsewhere (phoenix_hypervisor/etc/, the repo root)
# and have no hypervisor file beside them; they are left out.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 <git-dir-of-a-mirror> [<out-dir>]" >&2
  exit 2
fi
git_dir=$1
out=${2:-"$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/config-corpus"}
etc=usr/local/phoenix_hypervisor/etc
hv_path=$etc/phoenix_hypervisor_config.json
lxc_path=$etc/phoenix_lxc_configs.json
g() { git --git-dir="$git_dir" "$@"; }

g rev-parse --verify -q HEAD >/dev/null || { echo "$git_dir is not a git directory" >&2; exit 1; }
rm -rf "$out/hypervisor" "$out/lxc"
mkdir -p "$out/hypervisor" "$out/lxc"

declare -A fixture # blob -> fixture path relative to $out

# Sets $found to the fixture of <path> at <commit> (writing it on first sight), or "-" when
# absent. Not a $(...) function: the fixture table must survive the call.
fixture_of() {
  local commit=$1 path=$2 dir=$3 date=$4 blob
  found=-
  blob=$(g rev-parse -q --verify "$commit:$path" 2>/dev/null) || return 0
  if [[ -z ${fixture[$blob]:-} ]]; then
    fixture[$blob]="$dir/$date-${blob:0:10}.json"
    # The original committed a Portainer admin password; the corpus keeps the key, not the value.
    g cat-file blob "$blob" | sed -E 's/("admin_password"[[:space:]]*:[[:space:]]*)"([^"\\]|\\.)*"/\1"<redacted>"/g' >"$out/${fixture[$blob]}"
  fi
  found=${fixture[$blob]}
}

{
  printf 'date\tcommit\thypervisor\tlxc\tfeatures\n'
  declare -A seen_pair
  # Oldest first, so each blob is named after the first commit that has it.
  while read -r commit date; do
    fixture_of "$commit" "$hv_path" hypervisor "$date"
    hv=$found
    fixture_of "$commit" "$lxc_path" lxc "$date"
    lxc=$found
    [[ $hv == - || $lxc == - ]] && continue
    features=$(g ls-tree -r --name-only "$commit" -- usr/local/phoenix_hypervisor/bin/lxc_setup/ |
      sed -n 's|.*/phoenix_hypervisor_feature_install_\([a-z0-9_]*\)\.sh$|\1|p' | sort -u | paste -sd, -)
    [[ -n ${seen_pair["$hv $lxc $features"]:-} ]] && continue
    seen_pair["$hv $lxc $features"]=1
    printf '%s\t%s\t%s\t%s\t%s\n' "$date" "${commit:0:10}" "$hv" "$lxc" "$features"
  done < <(g log --all --reverse --date-order --format='%H %cd' --date=format:%Y%m%d -- "$hv_path" "$lxc_path")
} >"$out/snapshots.tsv.tmp"
mv "$out/snapshots.tsv.tmp" "$out/snapshots.tsv"

echo "hypervisor: $(ls "$out/hypervisor" | wc -l) revisions, lxc: $(ls "$out/lxc" | wc -l) revisions, $(($(wc -l <"$out/snapshots.tsv") - 1)) snapshots" >&2
