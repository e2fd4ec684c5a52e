import { describe, expect, it } from "vitest";
import { runPhoenix } from "../../../cli/phoenix";

async function phoenix(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPhoenix(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run phoenix", () => {
  it("prints the usage on --help, exit 0", async () => {
    const r = await phoenix("--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: npm run phoenix -- test <ctid\|host>/);
  });

  it("a usage error names the problem and shows the usage, exit 2", async () => {
    const r = await phoenix("test");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^name at least one container id, or host\nusage: npm run phoenix -- test/);
  });

  it("a missing stack file is a usage error, before any connection", async () => {
    const r = await phoenix("test", "950", "--stack", "no-such-stack-testcmd");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^cannot read the stack file .*Pulumi\.no-such-stack-testcmd\.yaml: ENOENT$/);
  });
});
