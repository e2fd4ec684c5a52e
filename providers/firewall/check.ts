// The checks a new firewall file must pass before it is installed. `pve-firewall compile` reads
// only the installed files and exits 0 even when it warns, so Phoenix runs pve-firewall's own
// parser (PVE::Firewall, with the CLI's verbose warnings) on the candidate file and fails on
// any warning: an unparseable option or rule, "errors in rule parameters", a bad ipset entry.
// editHostFile appends the candidate's path.
import { ctidProblem } from "../../config/schema/names";

const COUNT_WARNINGS = "my $warned = 0; local $SIG{__WARN__} = sub { print STDERR $_[0]; $warned = 1 };";

const CLUSTER_SCRIPT = [
  "use strict; use warnings; use PVE::Firewall;",
  "my $file = $ARGV[-1];",
  COUNT_WARNINGS,
  "PVE::Firewall::set_verbose(1);",
  "PVE::Firewall::load_clusterfw_conf($file);",
  "exit($warned ? 1 : 0);",
].join(" ");

/** How plans name these checks: the inline programs are fixed code, not worth a screen line each. */
const CHECK_NAME = "PVE::Firewall's parser";

export const CLUSTER_FW_CHECK = { verify: ["perl", "-e", CLUSTER_SCRIPT], checkName: CHECK_NAME } as const;

// A guest file is parsed against the installed cluster.fw (its aliases, ipsets and security
// groups are what the guest's rules may name); that file's own warnings are not the candidate's,
// so they are dropped. PVE reads a guest file only as <dir>/<vmid>.fw: the candidate is linked
// under that name in a temporary directory. `ct` is the rule environment of containers (no
// FORWARD rules, `-i net<N>` interfaces). The fifth argument is the verbose flag of older
// pve-firewall releases; newer ones ignore it.
const GUEST_SCRIPT = [
  "use strict; use warnings; use PVE::Firewall; use File::Temp qw(tempdir);",
  "my ($vmid, $file) = ($ARGV[0], $ARGV[-1]);",
  "my $cluster = do { local $SIG{__WARN__} = sub {}; PVE::Firewall::load_clusterfw_conf() };",
  "my $dir = tempdir(CLEANUP => 1); symlink($file, \"$dir/$vmid.fw\") or die \"cannot link the candidate: $!\\n\";",
  COUNT_WARNINGS,
  "PVE::Firewall::set_verbose(1);",
  "PVE::Firewall::load_vmfw_conf($cluster, \"ct\", $vmid, $dir, 1);",
  "exit($warned ? 1 : 0);",
].join(" ");

/** The check of a container's `<ctid>.fw` candidate (the ctid is a validated number). */
export function containerFwCheck(ctid: string): { readonly verify: readonly string[]; readonly checkName: string } {
  const problem = ctidProblem(ctid);
  if (problem !== undefined) throw new Error(problem);
  return { verify: ["perl", "-e", GUEST_SCRIPT, ctid], checkName: `${CHECK_NAME} (as CT ${ctid}'s file)` };
}

/** The name plans give a firewall check, from its argv alone (what a host transcript shows). */
export function firewallCheckName(verify: readonly string[]): string | undefined {
  const [program, flag, script, ...rest] = verify;
  if (program !== "perl" || flag !== "-e") return undefined;
  if (script === CLUSTER_SCRIPT && rest.length === 0) return CLUSTER_FW_CHECK.checkName;
  if (script === GUEST_SCRIPT && rest.length === 1 && ctidProblem(rest[0]) === undefined) return containerFwCheck(rest[0]).checkName;
  return undefined;
}
