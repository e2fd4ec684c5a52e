// The container's firewall file /etc/pve/firewall/<ctid>.fw in pve-firewall's format
// (PVE::Firewall parse_fw_rule / rule_to_string, the writer's section layout): Phoenix owns
// `enable`, `policy_in`, `policy_out` of [OPTIONS] and the whole [RULES] section; other options
// and sections ([ALIASES], [IPSET …]) are kept as they are.
import type { FirewallInputs, FirewallRuleInputs } from "./schema";

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
const OWNED_OPTION = /^\s*(enable|policy_in|policy_out)\s*:/;

interface Section {
  readonly name: string;
  readonly header: string;
  readonly body: string[];
}

function sections(text: string): Section[] {
  const out: { name: string; header: string; body: string[] }[] = [];
  for (const line of text.split("\n")) {
    const m = HEADER.exec(line.trim());
    if (m) out.push({ name: m[1].toUpperCase(), header: line.trim(), body: [] });
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

/** The file with Phoenix's options and rules, keeping everything else. Idempotent. */
export function rewriteFirewallFile(current: string | null, fw: FirewallInputs): string {
  const old = sections(current ?? "");
  const options = [`enable: ${fw.enabled ? 1 : 0}`];
  if (fw.policyIn !== undefined) options.push(`policy_in: ${fw.policyIn}`);
  if (fw.policyOut !== undefined) options.push(`policy_out: ${fw.policyOut}`);
  const keptOptions = trimBlank(old.filter((s) => s.name === "OPTIONS").flatMap((s) => s.body)).filter((l) => l.trim() !== "" && !OWNED_OPTION.test(l));
  const out: string[] = ["[OPTIONS]", "", ...options, ...keptOptions, ""];
  for (const s of old) {
    if (s.name === "OPTIONS" || s.name === "RULES") continue;
    out.push(s.header, "", ...trimBlank(s.body), "");
  }
  out.push("[RULES]", "", ...fw.rules.map(renderRule), "");
  return `${out.join("\n")}\n`.replace(/\n\n\n$/, "\n\n");
}
