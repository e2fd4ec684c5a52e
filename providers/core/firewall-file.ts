// Proxmox VE firewall files (/etc/pve/firewall/cluster.fw, <vmid>.fw) in pve-firewall's format
// (PVE::Firewall parse_fw_rule / rule_to_string and the writer's section layout), shared by the
// Firewall and LxcContainer kinds. Phoenix owns `enable`, `policy_in`, `policy_out` of [OPTIONS]
// and, when it is given rules, the whole [RULES] section; other options and sections
// ([ALIASES], [IPSET …], [group …]) are kept as they are.
import { z } from "zod";

const ruleText = z.string().regex(/^[^\r\n]*$/);
const ACTIONS = ["ACCEPT", "DROP", "REJECT"] as const;

/** One rule in the normalised shape of config/schema/firewall.ts (FirewallRule). */
export function firewallRuleSchema<D extends readonly [string, ...string[]]>(directions: D) {
  return z.strictObject({
    direction: z.enum(directions),
    action: z.enum(ACTIONS),
    macro: ruleText.optional(),
    source: ruleText.optional(),
    dest: ruleText.optional(),
    proto: ruleText.optional(),
    dport: ruleText.optional(),
    sport: ruleText.optional(),
    icmpType: ruleText.optional(),
    iface: ruleText.optional(),
    log: ruleText.optional(),
    enabled: z.boolean().default(true),
    comment: ruleText.optional(),
  });
}

export const firewallPolicySchema = z.enum(ACTIONS);

/** A rule as the renderer takes it. */
export type FirewallRuleInputs = z.output<ReturnType<typeof firewallRuleSchema<readonly ["in", "out", "forward"]>>>;

/** What Phoenix owns in a firewall file. `rules` undefined: [RULES] is not Phoenix's and is kept. */
export interface FirewallFileInputs {
  readonly enabled: boolean;
  readonly policyIn?: "ACCEPT" | "DROP" | "REJECT";
  readonly policyOut?: "ACCEPT" | "DROP" | "REJECT";
  readonly rules?: readonly FirewallRuleInputs[];
}

/** One rule line in the writer's canonical order. */
export function renderRule(rule: FirewallRuleInputs): string {
  const action = rule.macro === undefined ? rule.action : `${rule.macro}(${rule.action})`;
  const parts = [`${rule.enabled ? "" : "|"}${rule.direction.toUpperCase()}`, action];
  const opt = (flag: string, value: string | undefined) => value !== undefined && parts.push(flag, value);
  opt("-i", rule.iface);
  opt("-source", rule.source);
  opt("-dest", rule.dest);
  opt("-p", rule.proto);
  opt("-dport", rule.dport);
  opt("-sport", rule.sport);
  opt("-log", rule.log);
  opt("-icmp-type", rule.icmpType);
  return rule.comment === undefined ? parts.join(" ") : `${parts.join(" ")} # ${rule.comment}`;
}

const HEADER = /^\[([^\]]+)\]/;
const OWNED_OPTION = /^\s*(enable|policy_in|policy_out)\s*:/i;

export interface FirewallSection {
  /** Upper-cased header word: OPTIONS, RULES, ALIASES, IPSET, GROUP. */
  readonly kind: string;
  readonly header: string;
  readonly body: readonly string[];
}

/** The file's sections in order (lines before the first header are dropped, as PVE's writer does). */
export function firewallSections(text: string): FirewallSection[] {
  const out: { kind: string; header: string; body: string[] }[] = [];
  for (const line of text.split("\n")) {
    const m = HEADER.exec(line.trim());
    if (m) out.push({ kind: m[1].trim().split(/\s+/)[0].toUpperCase(), header: line.trim(), body: [] });
    else if (out.length > 0) out[out.length - 1].body.push(line);
  }
  return out;
}

const trimBlank = (lines: readonly string[]) => {
  const out = [...lines];
  while (out.length > 0 && out[0].trim() === "") out.shift();
  while (out.length > 0 && out[out.length - 1].trim() === "") out.pop();
  return out;
};

/** The file with Phoenix's options (and rules, when given), keeping everything else, in the writer's section order. Idempotent. */
export function rewriteFirewallFile(current: string | null, fw: FirewallFileInputs): string {
  const old = firewallSections(current ?? "");
  const options = [`enable: ${fw.enabled ? 1 : 0}`];
  if (fw.policyIn !== undefined) options.push(`policy_in: ${fw.policyIn}`);
  if (fw.policyOut !== undefined) options.push(`policy_out: ${fw.policyOut}`);
  const keptOptions = old.filter((s) => s.kind === "OPTIONS").flatMap((s) => s.body).filter((l) => l.trim() !== "" && !OWNED_OPTION.test(l));
  const section = (s: FirewallSection) => [s.header, "", ...trimBlank(s.body), ""];
  const keptRules = old.filter((s) => s.kind === "RULES").flatMap((s) => s.body).filter((l) => l.trim() !== "");
  const rules = fw.rules === undefined ? keptRules : fw.rules.map(renderRule);
  const out: string[] = [
    "[OPTIONS]", "", ...options, ...keptOptions, "",
    ...old.filter((s) => !["OPTIONS", "RULES", "GROUP"].includes(s.kind)).flatMap(section),
    "[RULES]", "", ...rules, "",
    ...old.filter((s) => s.kind === "GROUP").flatMap(section),
  ];
  return `${out.join("\n")}\n`.replace(/\n\n\n$/, "\n\n");
}
