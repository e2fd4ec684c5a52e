// Where a provider process's plans and notes go. Pulumi turns each line a provider writes to
// stderr into its own diagnostic: in a non-interactive `up` every line of a plan is printed as a
// progress row and again in the closing summary. Sent through the engine's Log RPC, a plan is one
// diagnostic: its first line ("ZfsPool "tank": would run") in the progress rows, the whole plan
// once in the summary (docs/decisions/0011, "Reports").
import * as path from "node:path";

export type Severity = "info" | "warning";

export interface EngineLog {
  /** `ephemeral`: shown in the progress rows while the run goes, not in the closing summary. */
  report(message: string, options?: { ephemeral?: boolean }): void;
  /** Resolves when every message sent so far has reached the engine (or failed to). */
  flush(): Promise<void>;
}

interface LogClient {
  log(request: unknown, callback: (err: Error | null) => void): void;
}

const WARNING = /^warning: /;
const ADDRESS = /^[\w.-]+:\d+$/;

/** A message that starts with "warning: " is a warning (Pulumi prints the prefix itself). */
export function classify(message: string): { severity: Severity; text: string } {
  return WARNING.test(message) ? { severity: "warning", text: message.replace(WARNING, "") } : { severity: "info", text: message };
}

/**
 * The engine's address among a plugin's arguments: the engine may put flags (`-v=9`,
 * `--logtostderr`, `--tracing …`) before it.
 */
export function engineAddress(args: readonly string[]): string | undefined {
  return args.find((a) => ADDRESS.test(a));
}

/** Hooks that return only once their messages reached the engine: the display has them in order. */
export function flushingLog<H extends object>(hooks: H, flush: () => Promise<void>): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, hook] of Object.entries(hooks)) {
    wrapped[name] =
      typeof hook === "function"
        ? async (...args: unknown[]) => {
            try {
              return await hook.apply(hooks, args);
            } finally {
              await flush();
            }
          }
        : hook;
  }
  return wrapped as H;
}

/** Pulumi's own gRPC and proto modules, the instances its provider server already loaded. */
function engineClient(address: string): { client: LogClient; request: (severity: Severity, text: string, ephemeral: boolean) => unknown } {
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
  const services = require(path.join(sdk, "proto", "engine_grpc_pb.js"));
  const messages = require(path.join(sdk, "proto", "engine_pb.js"));
  const client = new services.EngineClient(address, grpc.credentials.createInsecure()) as LogClient;
  const levels = { info: messages.LogSeverity.INFO, warning: messages.LogSeverity.WARNING };
  const request = (severity: Severity, text: string, ephemeral: boolean) => new messages.LogRequest().setSeverity(levels[severity]).setMessage(text).setEphemeral(ephemeral);
  return { client, request };
}

/**
 * The engine's log when the provider was started with its address (the dynamic provider host
 * passes it as the first argument), else stderr (unit tests, a provider run by hand). A message
 * the engine refuses falls back to stderr: a plan is never lost.
 */
export function makeEngineLog(address: string | undefined, stderr: (line: string) => void): EngineLog {
  if (address === undefined || !ADDRESS.test(address)) {
    return { report: (message) => stderr(`${message}\n`), flush: async () => {} };
  }
  let engine: ReturnType<typeof engineClient> | undefined;
  // One message at a time, so a resource's warnings and plan reach the display in order.
  let last: Promise<void> = Promise.resolve();
  return {
    report(message, options) {
      const { severity, text } = classify(message);
      engine ??= engineClient(address);
      const { client, request } = engine;
      last = last.then(
        () =>
          new Promise<void>((resolve) => {
            client.log(request(severity, text, options?.ephemeral === true), (err) => {
              if (err) stderr(`${message}\n`);
              resolve();
            });
          }),
      );
    },
    flush: () => last,
  };
}
