// A lenient reader of pve-firewall files (cluster.fw, host.fw) for deciding what a rule set does
// to one connection: the sections, options, aliases, ipsets and rules as PVE::Firewall's
// generic_fw_config_parser and parse_fw_rule read them (headers and option keys in any case,
// lines trimmed, `#` lines skipped, `|` disables a rule, everything after `#` a comment).
// Lines it cannot read are skipped, as pve-firewall skips them with a warning. Pure.

/** A rule line as pve-firewall reads it. */
export interface ParsedRule {
  /** The line as written (for messages). */
  readonly text: string;
  /** 1-based line number in its file. */
  readonly line: number;
  readonly enabled: boolean;
  /** in, out, forward or group (lower case). */
  readonly type: string;
  /** ACCEPT/DROP/REJECT, or the group name for a GROUP rule. */
  readonly action: string;
  readonly macro?: string;
  readonly iface?: string;
  readonly source?: string;
  readonly dest?: string;
  readonly proto?: string;
  readonly dport?: string;
  readonly sport?: string;
}

export interface IpsetEntry {
  readonly cidr: string;
  readonly nomatch: boolean;
}

export interface ParsedFirewall {
  /** Option values by lower-case key, as written. */
  readonly options: Readonly<Record<string, string>>;
  readonly rules: readonly ParsedRule[];
  /** Alias name (lower case) → address or CIDR. */
  readonly aliases: ReadonlyMap<string, string>;
  /** Ipset name (lower case) → entries. */
  readonly ipsets: ReadonlyMap<string, readonly IpsetEntry[]>;
  /** Security group name (lower case) → its rules. */
  readonly groups: ReadonlyMap<string, readonly ParsedRule[]>;
}

const RULE_OPTIONS: readonly [RegExp, keyof ParsedRule][] = [
  [/^-i (\S+)\s*/, "iface"],
  [/^(?:-p|--?proto) (\S+)\s*/, "proto"],
  [/^--?dport (\S+)\s*/, "dport"],
  [/^--?sport (\S+)\s*/, "sport"],
  [/^--?source (\S+)\s*/, "source"],
  [/^--?dest (\S+)\s*/, "dest"],
  [/^--?log (emerg|alert|crit|err|warning|notice|info|debug|nolog)\s*/, "text"],
  [/^--?icmp-type (\S+)\s*/, "text"],
];

/** One rule line (parse_fw_rule), or undefined when pve-firewall could not parse it either. */
export function parseRuleLine(text: string, line: number): ParsedRule | undefined {
  let rest = text.replace(/#\s*(.*?)\s*$/, "");
  const enabled = !rest.startsWith("|");
  if (!enabled) rest = rest.slice(1);
  const head = /^(\S+)\s+(\S+)\s*/.exec(rest);
  if (!head) return undefined;
  rest = rest.slice(head[0].length);
  const rule: Record<string, unknown> = { text, line, enabled, type: head[1].toLowerCase(), action: head[2] };
  const macro = /^(\S+)\((ACCEPT|DROP|REJECT)\)$/.exec(head[2]);
  if (macro && rule.type !== "group") Object.assign(rule, { macro: macro[1], action: macro[2] });
  while (rest.length > 0) {
    const match = RULE_OPTIONS.map(([re, key]) => [re.exec(rest), key] as const).find(([m]) => m !== null);
    if (!match || (rule.type === "group" && match[1] !== "iface")) break;
    const [m, key] = match as [RegExpExecArray, keyof ParsedRule];
    if (key !== "text") rule[key] = m[1];
    rest = rest.slice(m[0].length);
  }
  return rest.length > 0 ? undefined : (rule as unknown as ParsedRule);
}

/** The whole file; null (no file) reads as an empty one, as pve-firewall reads it. */
export function parseFirewallFile(text: string | null): ParsedFirewall {
  const options: Record<string, string> = {};
  const rules: ParsedRule[] = [];
  const aliases = new Map<string, string>();
  const ipsets = new Map<string, IpsetEntry[]>();
  const groups = new Map<string, ParsedRule[]>();
  let section: { kind: "options" | "rules" | "aliases" | "ipset" | "group"; name?: string } | undefined;
  (text ?? "").split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const header = /^\[(options|rules|aliases)\]$/i.exec(line) ?? /^\[(ipset|group)\s+(\S+)\]\s*(#.*)?$/i.exec(line);
    if (header) {
      section = { kind: header[1].toLowerCase() as "options", name: header[2]?.toLowerCase() };
      if (section.kind === "ipset") ipsets.set(section.name as string, []);
      if (section.kind === "group") groups.set(section.name as string, []);
      return;
    }
    if (section === undefined) return;
    if (section.kind === "options") {
      const m = /^([A-Za-z_]+):\s*(.*?)\s*$/.exec(line);
      if (m) options[m[1].toLowerCase()] = m[2];
    } else if (section.kind === "aliases") {
      const m = /^(\S+)\s(\S+)$/.exec(line.replace(/\s*#\s*(.*?)\s*$/, ""));
      if (m) aliases.set(m[1].toLowerCase(), m[2]);
    } else if (section.kind === "ipset") {
      const m = /^(!)?\s*(\S+)\s*$/.exec(line.replace(/#\s*(.*?)\s*$/, ""));
      if (m) ipsets.get(section.name as string)?.push({ cidr: m[2], nomatch: m[1] === "!" });
    } else {
      const rule = parseRuleLine(line, index + 1);
      if (rule) (section.kind === "rules" ? rules : (groups.get(section.name as string) as ParsedRule[])).push(rule);
    }
  });
  return { options, rules, aliases, ipsets, groups };
}
