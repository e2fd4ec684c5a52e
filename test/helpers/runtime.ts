// Drives the provider runtime directly (no Pulumi engine) against a lab host, the way the
// engine's provider process does: configure with stack settings, then call lifecycle hooks.
import * as runtime from "../../providers/runtime";
import type { LabConnection } from "./lab";

/** Configures the runtime for a lab host and returns the handlers of one kind. */
export function labHandlers(lab: LabConnection, kind: string, extra: Record<string, string> = {}) {
  const settings: Record<string, string> = {
    host: lab.host,
    port: String(lab.port),
    user: lab.user,
    privateKeyPath: lab.privateKeyPath,
    hostKeyPath: lab.hostKeyPath,
    ...extra,
  };
  // As `npm run pulumi` runs the engine: the program runs, so these settings are the current ones.
  process.env.PULUMI_RUN_PROGRAM = "true";
  runtime.configure({ get: (key: string) => settings[key] });
  return runtime.handlers(kind);
}
