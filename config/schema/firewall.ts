// Firewall rules as Proxmox VE takes them (pve-firewall's parse_fw_rule and the API's rule
// object), written as JSON: the original's keys (`type`, `port`) plus PVE's own (`dport`, `sport`,
// `macro`, `iface`, `log`, `enable`, `icmp-type`). Addresses, port lists and protocols follow
// PVE's syntax, so a rule that pve-firewall accepts is accepted here, and one it would flag as
// "errors in rule parameters" is refused with the reason. Each rule is normalised to one shape
// (FirewallRule) that the firewall resource kind renders into a .fw line.
import { z } from "zod";
import { checkedString, firewallPolicy } from "./common";
import { ipv4CidrProblem, ipv4Problem } from "./names";

// PVE's macro names (PVE::Firewall $pve_fw_macros); matched case-insensitively, as PVE does.
const MACROS = [
  "Amanda", "Auth", "BGP", "BitTorrent", "BitTorrent32", "CVS", "Ceph", "Citrix", "DAAP", "DCC", "DHCPfwd", "DHCPv6",
  "DNS", "Distcc", "FTP", "Finger", "GNUnet", "GRE", "Git", "HKP", "HTTP", "HTTPS", "ICMPv6", "ICPV2", "ICQ", "IMAP",
  "IMAPS", "IPIP", "IPsec", "IPsecah", "IPsecnat", "IRC", "Jetdirect", "L2TP", "LDAP", "LDAPS", "MDNS", "MSNP", "MSSQL",
  "Mail", "Munin", "MySQL", "NNTP", "NNTPS", "NTP", "NeighborDiscovery", "OSPF", "OpenVPN", "PCA", "PMG", "POP3",
  "POP3S", "PPtP", "Ping", "PostgreSQL", "Printer", "RDP", "RIP", "RNDC", "Razor", "Rdate", "Rsync", "SANE", "SMB",
  "SMBswat", "SMTP", "SMTPS", "SNMP", "SPAMD", "SPICEproxy", "SSH", "SVN", "SixXS", "Squid", "Submission", "Syslog",
  "TFTP", "Telnet", "Telnets", "Time", "Trcrt", "VNC", "VNCL", "Web", "Webcache", "Webmin", "Whois",
] as const;
const MACRO_BY_LOWER = new Map(MACROS.map((m) => [m.toLowerCase(), m]));

/** The canonical spelling of a PVE firewall macro, or undefined when PVE has no such macro. */
export function canonicalMacro(name: string): string | undefined {
  return MACRO_BY_LOWER.get(name.toLowerCase());
}

// Protocols with ports (iptables -m multiport works for these) and the common names from
// /etc/protocols that PVE rules use; any protocol number 0-255 is accepted as well.
const PORT_PROTOCOLS = new Set(["tcp", "udp", "udplite", "sctp", "dccp", "6", "17", "136", "132", "33"]);
const PROTOCOL_NAMES = new Set([
  "tcp", "udp", "icmp", "icmpv6", "ipv6-icmp", "igmp", "gre", "esp", "ah", "sctp", "udplite", "dccp", "ospf", "vrrp",
  "pim", "ipip", "ipencap", "l2tp", "ipv6", "ipv6-route", "ipv6-frag", "ipv6-nonxt", "ipv6-opts", "egp", "pup", "idp",
  "rsvp", "ipcomp", "mobility-header", "rdp", "hmp", "xns-idp", "ddp", "idrp", "skip", "xtp", "isis", "encap", "etherip",
]);
const ICMP_PROTOCOLS = new Set(["icmp", "icmpv6", "ipv6-icmp", "1", "58"]);

/** Why `text` is not a protocol pve-firewall accepts (a name from /etc/protocols or 0-255). */
export function protocolProblem(text: string): string | undefined {
  if (/^(0|[1-9][0-9]{0,2})$/.test(text) && Number(text) <= 255) return undefined;
  return PROTOCOL_NAMES.has(text.toLowerCase()) ? undefined : `unknown protocol "${text}" (expected a name such as tcp, udp, icmp or a number 0-255)`;
}

/** Why one port list entry is unusable: a number, a range `a:b` or a service name. */
function portEntryProblem(entry: string): string | undefined {
  const number = (v: string) => /^(0|[1-9][0-9]{0,4})$/.test(v) && Number(v) <= 65535;
  if (number(entry)) return undefined;
  const range = /^([0-9]+):([0-9]+)$/.exec(entry);
  if (range) {
    if (!number(range[1]) || !number(range[2])) return `invalid port range "${entry}" (ports are 0 to 65535)`;
    return Number(range[1]) <= Number(range[2]) ? undefined : `invalid port range "${entry}" (the first port is larger than the second)`;
  }
  // A service name from /etc/services; iptables resolves it.
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(entry) ? undefined : `invalid port "${entry}" (expected a number, a range such as 8000:8010 or a service name)`;
}

/** Why `text` is not a PVE port list: comma-separated numbers, `a:b` ranges or service names. */
export function portListProblem(text: string): string | undefined {
  if (text === "") return "port list is empty";
  const entries = text.split(",");
  if (entries.length > 15) return `port list "${text}" has more than 15 entries (iptables multiport limit)`;
  for (const entry of entries) {
    const problem = portEntryProblem(entry.trim());
    if (problem) return problem;
  }
  return undefined;
}

const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;
function ipv6Problem(text: string): string | undefined {
  const [address, prefix, ...rest] = text.split("/");
  const prefixOk = prefix === undefined || (/^(0|[1-9][0-9]{0,2})$/.test(prefix) && Number(prefix) <= 128);
  const groups = address.split("::");
  const ok = IPV6.test(address) && groups.length <= 2 && address.split(":").every((g) => g.length <= 4 || g.includes("."));
  return ok && prefixOk && rest.length === 0 ? undefined : `invalid IPv6 address "${text}"`;
}

// One address item: IPv4/IPv6 (CIDR), an IPv4 range a-b, +ipset or an alias (dc/ or guest/ scope).
function addressItemProblem(item: string): { family?: 4 | 6; problem?: string } {
  if (/^\+((dc|guest)\/)?[A-Za-z][A-Za-z0-9_-]{1,63}$/.test(item)) return {};
  if (/^((dc|guest)\/)?[A-Za-z][A-Za-z0-9_-]{1,63}$/.test(item)) return {};
  if (item.includes(":")) return { family: 6, problem: ipv6Problem(item) };
  const range = item.split("-");
  if (range.length === 2) {
    const bad = range.find((a) => ipv4Problem(a) !== undefined);
    return { family: 4, problem: bad === undefined ? undefined : `invalid IPv4 range "${item}"` };
  }
  const problem = item.includes("/") ? ipv4CidrProblem(item) : ipv4Problem(item);
  return { family: 4, problem };
}

/** Why `text` is not a PVE address spec: a comma list of addresses, CIDRs, ranges, +ipsets, aliases. */
export function addressListProblem(text: string): string | undefined {
  if (text === "") return "address is empty";
  const families = new Set<number>();
  for (const item of text.split(",")) {
    const { family, problem } = addressItemProblem(item.trim());
    if (problem) return problem;
    if (family) families.add(family);
  }
  return families.size > 1 ? `address list "${text}" mixes IPv4 and IPv6 (pve-firewall refuses that)` : undefined;
}

// action: ACCEPT|DROP|REJECT, or PVE's macro form "SSH(ACCEPT)".
const ACTION = /^([A-Za-z0-9]+)\((ACCEPT|DROP|REJECT)\)$/i;
const actionString = checkedString((v) => {
  if (/^(ACCEPT|DROP|REJECT)$/i.test(v)) return undefined;
  const macro = ACTION.exec(v);
  if (macro && canonicalMacro(macro[1]) === undefined) return `unknown firewall macro "${macro[1]}"`;
  return macro ? undefined : `invalid action "${v}" (expected ACCEPT, DROP, REJECT or a macro such as SSH(ACCEPT))`;
});

// Files write ports and protocol numbers as JSON numbers or strings; both mean the same.
const numberAsText = (problem: (v: string) => string | undefined) =>
  z.preprocess((v) => (typeof v === "number" ? String(v) : v), checkedString(problem));
const portList = numberAsText(portListProblem);
const LOG_LEVELS = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "nolog"] as const;
const singleLine = checkedString((v) => (/[\r\n]/.test(v) ? "must be a single line" : undefined));

// `type` is the original's key, `direction` an alias; both take PVE's spellings in any case.
function ruleObject(directions: readonly string[]) {
  const direction = checkedString((v) => (directions.includes(v.toLowerCase()) ? undefined : `invalid rule type "${v}" (expected ${directions.join(" or ")})`));
  return z.strictObject({
    type: direction,
    action: actionString,
    macro: checkedString((v) => (canonicalMacro(v) ? undefined : `unknown firewall macro "${v}"`)).optional(),
    source: checkedString(addressListProblem).optional(),
    dest: checkedString(addressListProblem).optional(),
    proto: numberAsText(protocolProblem).optional(),
    /** The original's name for the destination port. */
    port: portList.optional(),
    dport: portList.optional(),
    sport: portList.optional(),
    "icmp-type": checkedString((v) => (/^[a-z0-9-]+$|^[0-9]+(\/[0-9]+)?$/.test(v) ? undefined : `invalid ICMP type "${v}"`)).optional(),
    iface: checkedString((v) => (/^[A-Za-z0-9_.-]{1,15}$/.test(v) ? undefined : `invalid interface "${v}"`)).optional(),
    log: z.enum(LOG_LEVELS).optional(),
    enable: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
    comment: singleLine.optional(),
  });
}

type RuleInput = z.infer<ReturnType<typeof ruleObject>>;

/** A firewall rule in one shape, whatever spelling the file used. */
export interface FirewallRule {
  readonly direction: "in" | "out" | "forward";
  readonly action: "ACCEPT" | "DROP" | "REJECT";
  /** Canonical PVE macro name (e.g. `SSH`) when the rule uses one. */
  readonly macro?: string;
  readonly source?: string;
  readonly dest?: string;
  /** Lower-case protocol name or number. */
  readonly proto?: string;
  readonly dport?: string;
  readonly sport?: string;
  readonly icmpType?: string;
  readonly iface?: string;
  readonly log?: (typeof LOG_LEVELS)[number];
  readonly enabled: boolean;
  readonly comment?: string;
}

// Cross-field rules of parse_fw_rule: ports need a protocol that has ports, an ICMP type needs
// ICMP, and `port` and `dport` are one thing written twice.
function ruleProblems(rule: RuleInput): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const proto = rule.proto?.toLowerCase();
  if (rule.port !== undefined && rule.dport !== undefined) out.push({ path: "dport", message: "port and dport both set the destination port; keep one" });
  for (const key of ["port", "dport", "sport"] as const) {
    if (rule[key] === undefined || rule.macro !== undefined || ACTION.test(rule.action)) continue;
    if (proto === undefined) out.push({ path: key, message: `a port needs proto (pve-firewall: missing property - '${key === "port" ? "dport" : key}' requires this property)` });
    else if (!PORT_PROTOCOLS.has(proto)) out.push({ path: key, message: `protocol "${proto}" does not support ports` });
  }
  if (rule["icmp-type"] !== undefined && (proto === undefined || !ICMP_PROTOCOLS.has(proto))) out.push({ path: "icmp-type", message: "icmp-type needs proto icmp or icmpv6" });
  if (rule.macro !== undefined && ACTION.test(rule.action)) out.push({ path: "macro", message: "the macro is given twice (macro and action MACRO(ACTION)); keep one" });
  return out;
}

/** A rule schema whose direction is one of `directions` (guests: in, out; cluster: also forward). */
export function firewallRuleSchema(directions: readonly string[]) {
  return ruleObject(directions).superRefine((rule, ctx) => {
    for (const { path, message } of ruleProblems(rule)) ctx.addIssue({ code: "custom", message, path: [path] });
  });
}

export const GuestFirewallRuleSchema = firewallRuleSchema(["in", "out"]);
export const ClusterFirewallRuleSchema = firewallRuleSchema(["in", "out", "forward"]);

/** One rule as written, normalised (call only on a rule that passed its schema). */
export function normalizeFirewallRule(rule: RuleInput): FirewallRule {
  const macroAction = ACTION.exec(rule.action);
  const macro = rule.macro ?? macroAction?.[1];
  const port = rule.dport ?? rule.port;
  const text = (v: string | undefined) => v?.replace(/\s+/g, "");
  const out: Record<string, unknown> = {
    direction: rule.type.toLowerCase(),
    action: (macroAction?.[2] ?? rule.action).toUpperCase(),
    macro: macro === undefined ? undefined : canonicalMacro(macro),
    source: text(rule.source),
    dest: text(rule.dest),
    proto: rule.proto?.toLowerCase(),
    dport: text(port),
    sport: text(rule.sport),
    icmpType: rule["icmp-type"],
    iface: rule.iface,
    log: rule.log,
    enabled: rule.enable === undefined ? true : Boolean(rule.enable),
    comment: rule.comment,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as unknown as FirewallRule;
}

/** A container's firewall block (`<vmid>.fw`): on/off, optional policies, rules. */
export const ContainerFirewallSchema = z.strictObject({
  enabled: z.boolean(),
  default_input_policy: firewallPolicy.optional(),
  default_output_policy: firewallPolicy.optional(),
  // The original schema requires `rules` when enabled is true, but files carry
  // `{ "enabled": true }` alone; that is read as "enabled, no extra rules".
  rules: z.array(GuestFirewallRuleSchema).optional(),
});

/** The datacenter firewall block (top level, or misplaced under shared_volumes as some revisions have it). */
export const HostFirewallSchema = z.strictObject({
  enabled: z.boolean(),
  default_input_policy: firewallPolicy,
  default_output_policy: firewallPolicy,
  /** Cluster-wide rules ([RULES] of cluster.fw), read by the original's firewall script since 2025-10. */
  global_firewall_rules: z.array(ClusterFirewallRuleSchema).optional(),
});
