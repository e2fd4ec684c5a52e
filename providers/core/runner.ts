// The seam between pure cores and IO: providers talk to a Runner, tests give them a fake one.

/** What one finished command reported. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Data written to the command's stdin, then EOF. */
  readonly stdin?: string;
  /** Give up (and close the channel) after this many milliseconds. */
  readonly timeoutMs?: number;
  /**
   * The output holds a secret (a password hash): it goes over its own channel, never through a
   * batch, whose outputs sit in files on the host until the batch ends.
   */
  readonly secretOutput?: boolean;
  /** Called with each chunk of output as it arrives (long scripts report progress lines). */
  readonly onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
}

/** Runs shell command lines on one host. Implemented by the SSH session and by test fakes. */
export interface Runner {
  /** Human name of the host, used in every error message. */
  readonly host: string;
  /** Runs a command line built with quote()/sh; resolves with any exit code, rejects only on transport failure. */
  run(command: string, options?: RunOptions): Promise<CommandResult>;
}
