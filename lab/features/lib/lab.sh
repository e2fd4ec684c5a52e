# Shared by the lab's stand-in features; sourced, never run. The lab has no network and its
# stand-in container templates no apt or dpkg (docs/lab.md, "Feature scripts in the lab"), so a
# stand-in records what the real feature would install instead of installing it, inside the
# container, and says so. Like the real features it is idempotent: a second run changes nothing
# but the run log.

# Records a run of feature $2 in container $1 and stands in for installing the packages "$@".
lab_feature() {
  local ctid=$1 feature=$2
  shift 2
  # One pct exec: the packages and the feature name reach the container as arguments, never as code.
  # shellcheck disable=SC2016
  in_ct "$ctid" sh -c '
    set -eu
    feature=$1; shift; new=0
    mkdir -p /var/lib/phoenix-lab/packages
    for package in "$@"; do
      # An image name (portainer/portainer-ce:latest) is one file: its slashes are escaped.
      record=/var/lib/phoenix-lab/packages/$(printf %s "$package" | sed "s,%,%25,g; s,/,%2F,g")
      [ -e "$record" ] && continue
      echo "$feature" >"$record"; new=$((new + 1))
    done
    echo "$feature" >>/var/log/phoenix-lab-features.log
    echo "lab stand-in for $feature: $new of $# packages recorded as installed"
  ' lab-feature "$feature" "$@"
}
