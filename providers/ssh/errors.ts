// Errors that name the host, the command and what the host said, and never a secret.

export type SshErrorKind = "connect" | "auth" | "hostkey" | "timeout" | "exec" | "config";

/** A failure of the transport: the command may not have run at all. */
export class SshError extends Error {
  readonly kind: SshErrorKind;
  readonly host: string;
  /** The message without the `SSH <kind> error on <host>:` prefix, for wrapping in another error. */
  readonly detail: string;
  constructor(kind: SshErrorKind, host: string, message: string, options?: { cause?: unknown }) {
    super(`SSH ${kind} error on ${host}: ${message}`, options);
    this.name = "SshError";
    this.kind = kind;
    this.host = host;
    this.detail = message;
  }
}

/** A command that ran and exited non-zero. */
export class CommandError extends Error {
  readonly host: string;
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  constructor(args: { host: string; command: string; code: number; stdout: string; stderr: string }) {
    const details = [args.stderr.trim(), args.stdout.trim()].filter(Boolean).join("\n");
    super(`Command failed with exit code ${args.code} on ${args.host}: ${args.command}${details ? `\n${details}` : ""}`);
    this.name = "CommandError";
    this.host = args.host;
    this.command = args.command;
    this.code = args.code;
    this.stdout = args.stdout;
    this.stderr = args.stderr;
  }
}
