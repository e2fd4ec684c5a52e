// Would the rule set drop the clients of what the host serves (NFS, SMB)? The same model as
// Phoenix's own SSH access (lockout.ts), asked for each client. A warning, not a refusal: the
// rule set is the user's to choose. But a DROP policy with no rule for them is how the real
// config's September 2025 revisions cut NFS off from its containers; later revisions add
// `tcp/2049` rules by hand. Pure.
import { clientSamples } from "./address";
import { tcpVerdict, type FirewallView } from "./lockout";

/** A port the host serves, the address its clients reach it at, and who they are. */
export interface ServedPort {
  readonly name: string;
  readonly port: number;
  readonly server: string;
  readonly clients: readonly string[];
}

/** One warning per service some of whose clients the rule set would drop. */
export function servedPortWarnings(view: FirewallView, services: readonly ServedPort[]): string[] {
  return services.flatMap((service) => {
    const cut: { client: string; by: string }[] = [];
    for (const client of service.clients) {
      const samples = clientSamples(client);
      // Host names, `*` and netgroups cannot be judged here; the host itself comes in over lo.
      if (samples === undefined || client === service.server) continue;
      const verdicts = samples.map((address) => tcpVerdict(view, { client: address, server: service.server, port: service.port }));
      const blocked = verdicts.find((v) => v.cut);
      if (blocked) cut.push({ client, by: blocked.by });
    }
    if (cut.length === 0) return [];
    const clients = cut.map((c) => c.client).join(", ");
    const rule = JSON.stringify({ type: "in", action: "ACCEPT", source: cut[0].client, proto: "tcp", dport: String(service.port) });
    return [`${service.name} (tcp/${service.port} on ${service.server}) would be dropped for ${clients}: ${cut[0].by}. Add a rule that accepts it, e.g. ${rule}`];
  });
}
