# Files written into an instance's root at every `up` (sourced by ns-init.sh, which has set
# NAME, ADDRESS and PORT from instance.env). Only this instance's overlay is touched.

GUEST_LIB=/usr/local/lib/phoenix-lab

install_guest_files() {
  local root=$1 dir=$2 lab_dir=$3
  rm -rf "$root$GUEST_LIB"
  cp -r "$lab_dir/guest" "$root$GUEST_LIB"
  install_emulators "$root" "$lab_dir/emulators"
  install_identity "$root"
  install_sshd "$root" "$dir"
  install_pve_defaults "$root"
  install_pve_apt_sources "$root"
}

# lab/emulators/ is copied whole (an emulator may keep modules beside itself, like
# pvesm_lib/), and each top-level file becomes a command through a symlink in
# /usr/local/sbin, which is ahead of /usr/sbin in root's PATH. Links into the copy that no
# longer have a file behind them (an emulator deleted from the repo) are removed.
install_emulators() {
  local root=$1 src=$2 dest=$root$GUEST_LIB/emulators file name link
  cp -r "$src" "$dest"
  for link in "$root"/usr/local/sbin/*; do
    [[ -L $link && $(readlink "$link") == "$GUEST_LIB/emulators/"* && ! -e $link ]] && rm -f "$link"
  done
  for file in "$dest"/*; do
    name=${file##*/}
    [[ -f $file && $name != *.md ]] || continue
    chmod 755 "$file"
    ln -sfn "$GUEST_LIB/emulators/$name" "$root/usr/local/sbin/$name"
  done
}

install_identity() {
  local root=$1
  echo "$NAME" >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n%s\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
    "$ADDRESS" "$NAME" >"$root/etc/hosts"
  [[ -s $root/etc/machine-id ]] || tr -d '-' </proc/sys/kernel/random/uuid >"$root/etc/machine-id"
  ln -sfn ../proc/self/mounts "$root/etc/mtab"
  # The lab reaches nothing but loopback; an inherited resolver address would only leak
  # stray lookups onto this machine's network.
  : >"$root/etc/resolv.conf"
}

install_sshd() {
  local root=$1 dir=$2
  install -m 600 "$dir/ssh_host_ed25519_key" "$root/etc/ssh/ssh_host_ed25519_key"
  install -m 644 "$dir/ssh_host_ed25519_key.pub" "$root/etc/ssh/ssh_host_ed25519_key.pub"
  install -d -m 700 "$root/root/.ssh"
  install -m 600 "$dir/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
  cat >"$root/etc/ssh/sshd_config" <<EOF
# Written by lab/lab.sh at every \`up\`; local edits are overwritten.
ListenAddress $ADDRESS:$PORT
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
UsePAM no
MaxSessions 10
AcceptEnv LANG LC_*
PrintMotd no
# VERBOSE logs one "Starting session: command" line per exec: npm run bench counts round trips.
LogLevel VERBOSE
UseDNS no
PidFile /run/sshd.pid
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
}

# A fresh PVE 8 install always has the `local` dir storage.
install_pve_defaults() {
  local root=$1
  mkdir -p "$root/etc/pve" "$root/var/lib/vz"
  # pmxcfs's status file: its presence is how a client tells the mounted cluster filesystem
  # from a bare /etc/pve (only existence matters to Phoenix; the content is a stand-in).
  [[ -f $root/etc/pve/.version ]] || printf '{"starttime":%s,"clinfo":1,"vmlist":1}\n' "$(date +%s)" >"$root/etc/pve/.version"
  # pmxcfs shows this node's guests below nodes/<node>/ and links lxc/ and local/ to it.
  mkdir -p "$root/etc/pve/nodes/$NAME/lxc" "$root/etc/pve/firewall"
  ln -sfn "nodes/$NAME" "$root/etc/pve/local"
  [[ -d $root/etc/pve/lxc && ! -L $root/etc/pve/lxc ]] || ln -sfn "nodes/$NAME/lxc" "$root/etc/pve/lxc"
  [[ -f $root/etc/pve/storage.cfg ]] && return
  printf 'dir: local\n\tpath /var/lib/vz\n\tcontent iso,vztmpl,backup\n\n' >"$root/etc/pve/storage.cfg"
}

# A PVE 8 install's repository files: the enterprise ones (never the no-subscription ones) and
# the release key apt trusts through trusted.gpg.d. Written only when absent, so what a test or
# Phoenix did to them survives `up`. The key is a stand-in (no apt runs against it here).
install_pve_apt_sources() {
  local root=$1 d=$1/etc/apt/sources.list.d
  mkdir -p "$d" "$root/etc/apt/trusted.gpg.d"
  [[ -f $d/pve-enterprise.list ]] || echo 'deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise' >"$d/pve-enterprise.list"
  [[ -f $d/ceph.list ]] || echo 'deb https://enterprise.proxmox.com/debian/ceph-quincy bookworm enterprise' >"$d/ceph.list"
  local key=$root/etc/apt/trusted.gpg.d/proxmox-release-bookworm.gpg
  [[ -f $key ]] || echo 'phoenix-lab stand-in for the Proxmox release key' >"$key"
}
