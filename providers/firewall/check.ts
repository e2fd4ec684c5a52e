// The check a new cluster.fw must pass before it is installed. `pve-firewall compile` reads
// only the installed files and exits 0 even when it warns, so Phoenix runs pve-firewall's own
// parser (PVE::Firewall, with the CLI's verbose warnings) on the candidate file and fails on
// any warning: an unparseable option or rule, "errors in rule parameters", a bad ipset entry.
// editHostFile appends the candidate's path.
const SCRIPT = [
  "use strict; use warnings; use PVE::Firewall;",
  "my $file = $ARGV[-1]; my $warned = 0;",
  "local $SIG{__WARN__} = sub { print STDERR $_[0]; $warned = 1 };",
  "PVE::Firewall::set_verbose(1);",
  "PVE::Firewall::load_clusterfw_conf($file);",
  "exit($warned ? 1 : 0);",
].join(" ");

export const CLUSTER_FW_CHECK: readonly string[] = ["perl", "-e", SCRIPT];
