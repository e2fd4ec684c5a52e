// The implementation behind every serialized shim, loaded fresh in each provider process.
// It owns the per-process state: the stack settings from `configure` and the SSH sessions.
import * as fs from "node:fs";
import type { Policy, ResourceDefinition } from "./adapter/definition";
import { makeHandlers } from "./adapter/handlers";
import { parsePolicy } from "./adapter/policy";
import { getInspector, getSession } from "./ssh/pool";
import { SshError } from "./ssh/errors";
import { resolveConnectionSettings, type ConnectionSettings } from "./ssh/settings";
import { DEFINITIONS } from "./registry";
import { checkOwner } from "./phoenix-host/owner";
import { watchForOrphaning } from "./orphan-watch";
import { engineAddress, flushingLog, makeEngineLog } from "./engine-log";

/** The part of Pulumi's provider config object the runtime reads. */
interface StackConfig {
  get(key: string): string | undefined;
}

const SETTING_KEYS = ["host", "port", "user", "privateKey", "privateKeyPath", "privateKeyPassphrase", "hostKey", "hostKeyPath", "allowDestroy"];
const KINDS = Object.keys(DEFINITIONS);

let raw: Record<string, string | undefined> | undefined;
// Resolved once per configure: every hook of every resource needs them, and resolving reads
// the key files from disk.
let connection: ConnectionSettings | undefined;
let policy: Policy | undefined;

/** Called by every shim once per provider process with the whole stack config. */
export function configure(config: StackConfig): void {
  watchForOrphaning();
  const values: Record<string, string | undefined> = {};
  for (const key of SETTING_KEYS) values[key] = config.get(key);
  raw = values;
  connection = undefined;
  policy = undefined;
  owners.clear();
}

function settings(): Record<string, string | undefined> {
  if (raw === undefined) throw new Error("Phoenix provider used before configure(): the stack config was not delivered");
  return raw;
}

function connectionSettings(): ConnectionSettings {
  if (connection === undefined) {
    // Refresh and destroy configure providers from the settings recorded in state unless the
    // program runs (PULUMI_RUN_PROGRAM), so without it a changed or removed host-key pin would
    // go unnoticed: nothing touches the host then (docs/decisions/0012).
    if (!programRuns(process.env.PULUMI_RUN_PROGRAM)) {
      throw new SshError("config", settings().host ?? "(no host)", "PULUMI_RUN_PROGRAM is not set: run Pulumi through `npm run pulumi` (or export PULUMI_RUN_PROGRAM=true) so that refresh and destroy use the stack's current host, pinned key and client key");
    }
    connection = resolveConnectionSettings(settings(), (p) => fs.readFileSync(p, "utf8"), process.cwd(), process.env.SSH_AUTH_SOCK);
  }
  return connection;
}

/** How Pulumi reads a boolean environment variable (`1`, `true`, case-insensitive). */
export function programRuns(value: string | undefined): boolean {
  return value !== undefined && /^(1|true)$/i.test(value.trim());
}

// Plans and notes (never secrets) go to the engine's log, one diagnostic per message.
const log = makeEngineLog(engineAddress(process.argv.slice(2)), (line) => process.stderr.write(line));

const cache = new Map<string, ReturnType<typeof makeHandlers>>();

// One look at the host's owner marker per claim id and process: every resource of a run
// carries the same claim.
const owners = new Map<string, Promise<void>>();

function stillOwned(owner: string): Promise<void> {
  let verified = owners.get(owner);
  if (verified === undefined) {
    verified = checkOwner(getSession(connectionSettings()), owner);
    owners.set(owner, verified);
  }
  return verified;
}

/** The lifecycle handlers for one resource kind. */
export function handlers(kind: string): ReturnType<typeof makeHandlers> {
  let found = cache.get(kind);
  if (found) return found;
  const def = DEFINITIONS[kind] as ResourceDefinition<object, unknown> | undefined;
  if (def === undefined) throw new Error(`unknown Phoenix resource kind "${kind}"`);
  found = makeHandlers(def, {
    runner: () => getSession(connectionSettings()),
    inspector: () => getInspector(connectionSettings()),
    guard: (owner) => (owner === undefined ? Promise.resolve() : stillOwned(owner)),
    policy: () => (policy ??= parsePolicy(settings().allowDestroy, KINDS)),
    report: log.report,
  });
  found = flushingLog(found, log.flush);
  cache.set(kind, found);
  return found;
}
