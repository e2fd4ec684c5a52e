// Would this rule set cut Phoenix's own SSH access, or the clients of what the host serves
// (services.ts)? A model of what pve-firewall (5.1, ruleset_generate_host) does to a new TCP
// connection from a client to a port of the host, in its order: firewall off (cluster `enable`
// not set, or host.fw `enable: 0`) lets all in; `-i lo` accepts; the `blacklist` ipset drops; host.fw rules, then cluster.fw rules (GROUP
// rules expanded), first match wins; then the built-in allowance for the `management` ipset
// (its cluster.fw entries plus the local network) to tcp/22; then policy_in (default DROP).
// OUT rules and policy_out cannot cut it: pve-firewall accepts RELATED,ESTABLISHED first in
// PVEFW-HOST-OUT, and a reply is ESTABLISHED. The running session itself survives any rule set
// (conntrack); what is at stake is the next connection, i.e. the next Phoenix run. Pure.
import { MACRO_TCP_PORTS } from "./macros";
import { ipInside, isLoopback } from "./address";
import type { ParsedFirewall, ParsedRule } from "./parse";

/** A connection to the host as its server sees it ($SSH_CONNECTION for Phoenix's), without the client port. */
export interface TcpEndpoint {
  readonly client: string;
  readonly server: string;
  readonly port: number;
}

export interface FirewallView {
  readonly cluster: ParsedFirewall;
  readonly host: ParsedFirewall;
  /** The host's `local_network` as `pve-firewall localnet` reports it (null: unknown). */
  readonly localNetwork: string | null;
}

/** The verdict; `by` names the rule or policy that decides. */
export type TcpVerdict = { readonly cut: false; readonly by: string } | { readonly cut: true; readonly by: string };

type Match = "yes" | "no" | "maybe";
const all = (ms: Match[]): Match => (ms.includes("no") ? "no" : ms.includes("maybe") ? "maybe" : "yes");

// Known service names of the ports Phoenix may meet (iptables resolves others via /etc/services).
const SERVICES: Readonly<Record<string, number>> = { ssh: 22, http: 80, https: 443 };

function portIn(port: number, list: string): Match {
  let unsure = false;
  for (const entry of list.split(",")) {
    const range = /^(\d+):(\d+)$/.exec(entry);
    if (range && Number(range[1]) <= port && port <= Number(range[2])) return "yes";
    if (/^\d+$/.test(entry) && Number(entry) === port) return "yes";
    if (/^[A-Za-z]/.test(entry)) {
      const known = SERVICES[entry.toLowerCase()];
      if (known === port) return "yes";
      if (known === undefined) unsure = true;
    }
  }
  return unsure ? "maybe" : "no";
}

function inIpset(view: FirewallView, name: string, address: string): Match {
  const entries = [...(view.cluster.ipsets.get(name) ?? [])];
  // compile() adds the local network to `management`.
  if (name === "management" && view.localNetwork !== null) entries.push({ cidr: view.localNetwork, nomatch: false });
  if (!view.cluster.ipsets.has(name) && name !== "management") return "no";
  let result: Match = "no";
  for (const entry of entries) {
    const inside = addressItem(view, entry.cidr, address);
    if (entry.nomatch && inside === "yes") return "no";
    if (!entry.nomatch && inside !== "no" && result !== "yes") result = inside;
  }
  return result;
}

function addressItem(view: FirewallView, item: string, address: string): Match {
  if (item.startsWith("+")) return inIpset(view, item.slice(1).replace(/^(dc|guest)\//, "").toLowerCase(), address);
  const direct = ipInside(address, item);
  if (direct !== undefined) return direct ? "yes" : "no";
  const name = item.replace(/^(dc|guest)\//, "").toLowerCase();
  const alias = name === "local_network" && !view.cluster.aliases.has(name) ? view.localNetwork : view.cluster.aliases.get(name);
  // A rule naming an unknown alias has errors; pve-firewall skips it.
  if (alias === undefined) return "no";
  if (alias === null) return "maybe";
  return ipInside(address, alias) ? "yes" : "no";
}

function addressMatch(view: FirewallView, spec: string | undefined, address: string): Match {
  if (spec === undefined) return "yes";
  const results = spec.split(",").map((item) => addressItem(view, item, address));
  return results.includes("yes") ? "yes" : results.includes("maybe") ? "maybe" : "no";
}

function ruleMatch(view: FirewallView, rule: ParsedRule, ssh: TcpEndpoint): Match {
  const proto = rule.proto?.toLowerCase();
  const macroPorts = rule.macro === undefined ? undefined : Object.entries(MACRO_TCP_PORTS).find(([m]) => m.toLowerCase() === rule.macro?.toLowerCase())?.[1];
  if (rule.macro !== undefined && macroPorts === undefined) return "no";
  const ports = rule.dport ?? macroPorts;
  return all([
    proto === undefined || proto === "tcp" || proto === "6" ? "yes" : "no",
    ports === undefined ? "yes" : portIn(ssh.port, ports),
    addressMatch(view, rule.source, ssh.client),
    addressMatch(view, rule.dest, ssh.server),
    // The interface the session comes in on and its next source port are not known here.
    rule.iface === undefined ? "yes" : "maybe",
    rule.sport === undefined ? "yes" : "maybe",
  ]);
}

const where = (file: string, rule: ParsedRule, group?: string) => `${file}${group ? ` [group ${group}]` : ""} line ${rule.line} "${rule.text}"`;

/** What pve-firewall would do to a new connection (Phoenix's next SSH one, say) under this rule set. */
export function tcpVerdict(view: FirewallView, ssh: TcpEndpoint): TcpVerdict {
  const enable = Number(view.cluster.options.enable ?? "0");
  if (!(enable > 0)) return { cut: false, by: "the firewall is disabled (cluster.fw enable: 0)" };
  if (view.host.options.enable === "0") return { cut: false, by: "the host firewall is disabled (host.fw enable: 0)" };
  if (isLoopback(ssh.client)) return { cut: false, by: "pve-firewall accepts everything on lo" };
  if (view.cluster.ipsets.has("blacklist") && inIpset(view, "blacklist", ssh.client) !== "no") return { cut: true, by: `ipset blacklist in cluster.fw (it holds ${ssh.client})` };
  const rules = [...view.host.rules.map((r) => ["host.fw", r] as const), ...view.cluster.rules.map((r) => ["cluster.fw", r] as const)];
  for (const [file, rule] of rules) {
    if (!rule.enabled) continue;
    const expanded = rule.type === "group" ? (view.cluster.groups.get(rule.action.toLowerCase()) ?? []).map((r) => [r, rule.action] as const) : [[rule, undefined] as const];
    for (const [r, group] of expanded) {
      if (!r.enabled || r.type !== "in") continue;
      const match = all([ruleMatch(view, r, ssh), rule.iface === undefined ? "yes" : "maybe"]);
      if (match === "no") continue;
      const action = r.action.toUpperCase();
      if (action === "ACCEPT" && match === "yes") return { cut: false, by: `${where(file, r, group)} accepts it` };
      if (action === "DROP" || action === "REJECT") return { cut: true, by: `${where(file, r, group)}${match === "maybe" ? " may match it (interface or source port unknown)" : ""}` };
    }
  }
  if (ssh.port === 22 && inIpset(view, "management", ssh.client) === "yes") return { cut: false, by: `the management ipset (${view.localNetwork ?? "cluster.fw"}) may reach tcp/22` };
  const policy = (view.cluster.options.policy_in ?? "DROP").toUpperCase();
  if (policy === "ACCEPT") return { cut: false, by: "policy_in ACCEPT" };
  return { cut: true, by: `policy_in ${policy}${view.cluster.options.policy_in === undefined ? " (the default)" : ""} with no rule accepting tcp/${ssh.port} from ${ssh.client}` };
}
