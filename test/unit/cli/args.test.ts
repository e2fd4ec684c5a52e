import { describe, expect, it } from "vitest";
import { DEFAULT_TEST_TIMEOUT_SECONDS, parseArgs } from "../../../cli/args";

describe("parseArgs", () => {
  const ok = (argv: string[], expected: Record<string, unknown>) => expect(parseArgs(argv)).toEqual({ command: "test", stack: "dev", timeoutSeconds: DEFAULT_TEST_TIMEOUT_SECONDS, ...expected });
  const error = (argv: string[], message: RegExp) => {
    const r = parseArgs(argv);
    expect(r.command).toBe("error");
    expect((r as { message: string }).message).toMatch(message);
  };

  it.each([
    [["test", "950"], { ctids: ["950"] }],
    [["test", "950", "952", "950"], { ctids: ["950", "952"] }],
    [["test", "--stack", "prod", "950"], { ctids: ["950"], stack: "prod" }],
    [["test", "950", "--stack=prod"], { ctids: ["950"], stack: "prod" }],
    [["test", "950", "--config-file", "/tmp/s.yaml"], { ctids: ["950"], configFile: "/tmp/s.yaml" }],
    [["test", "950", "--timeout", "30"], { ctids: ["950"], timeoutSeconds: 30 }],
    [["test", "--", "950"], { ctids: ["950"] }],
    [["test", "host"], { ctids: ["host"] }],
    [["test", "950", "host", "host"], { ctids: ["950", "host"] }],
  ])("%j", (argv, expected) => ok(argv, expected));

  it.each([
    [[], /no command/],
    [["run", "950"], /unknown command "run"/],
    [["test"], /at least one container/],
    [["test", "95"], /invalid container id "95"/],
    [["test", "Host"], /invalid container id "Host"/],
    [["test", "0950"], /invalid container id/],
    [["test", "950;reboot"], /invalid container id/],
    [["test", "950", "--stack"], /--stack needs a value/],
    [["test", "950", "--stack", "--timeout", "3"], /--stack needs a value/],
    [["test", "950", "--stack", "../etc"], /stack name/],
    [["test", "950", "--stack", ".."], /stack name/],
    [["test", "950", "--stack", "a", "--stack", "b"], /given twice/],
    [["test", "950", "--verbose"], /unknown option --verbose/],
    [["test", "950", "--timeout", "0"], /--timeout/],
    [["test", "950", "--timeout", "1.5"], /--timeout/],
    [["test", "950", "--timeout", "1e3"], /--timeout/],
  ])("%j is refused", (argv, message) => error(argv, message));

  it("answers help wherever it is asked", () => {
    expect(parseArgs(["--help"])).toEqual({ command: "help" });
    expect(parseArgs(["test", "950", "-h"])).toEqual({ command: "help" });
    expect(parseArgs(["help"])).toEqual({ command: "help" });
  });
});
