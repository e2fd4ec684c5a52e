// Script secrets from files: read by the provider only when the run needs them, checked against
// the program's fingerprint, in the run's stdin and redaction list, never in state.
import { describe, expect, it } from "vitest";
import { containerScriptDefinition } from "../../../providers/script/provider";
import { planScript, runDigest } from "../../../providers/script/plan";
import { ContainerScriptInputsSchema } from "../../../providers/script/schema";
import { readFileSecrets, secretFileFingerprint } from "../../../providers/script/secret-files";

const TOKEN = "dckr_pat_unit-FAKE";
const inputs = ContainerScriptInputsSchema.parse({
  ctid: "952",
  name: "application",
  create: "echo hi\n",
  instance: "0123456789abcdef",
  secretFiles: { PHOENIX_DOCKER_TOKEN: { path: "/w/docker.conf", fingerprint: secretFileFingerprint("PHOENIX_DOCKER_TOKEN", TOKEN) } },
});
const files = (text: string) => (path: string) => {
  if (path !== "/w/docker.conf") throw new Error(`cannot read ${path}: ENOENT`);
  return text;
};

describe("readFileSecrets", () => {
  it("reads each file, trimmed, when its fingerprint matches", () => {
    expect(readFileSecrets(inputs, files(`${TOKEN}\n`))).toEqual({ PHOENIX_DOCKER_TOKEN: TOKEN });
  });
  it.each([
    ["changed since the program read it", `${TOKEN}x\n`, "the file of PHOENIX_DOCKER_TOKEN, /w/docker.conf, changed since the program read it: run up again"],
    ["empty", " \n", "the file of PHOENIX_DOCKER_TOKEN, /w/docker.conf, is empty"],
  ])("refuses a file %s, naming it and not its content", (_name, text, message) => {
    expect(() => readFileSecrets(inputs, files(text))).toThrow(message);
  });
});

describe("a run with a secret file", () => {
  it("puts the value in the run's stdin and its redaction list, and not in the argv, the digest or the description", () => {
    const plan = planScript(inputs, { present: false, containerExists: true, fileSecrets: { PHOENIX_DOCKER_TOKEN: TOKEN } });
    if (plan.kind !== "steps") throw new Error("expected steps");
    const [step] = plan.steps;
    expect(step.redact).toEqual([TOKEN]);
    expect(Buffer.from(step.stdin!.split("\n").find((l: string) => l.startsWith(".env "))!.slice(5), "base64").toString()).toContain(`export PHOENIX_DOCKER_TOKEN=${TOKEN}`);
    expect(JSON.stringify([step.argv, step.description, runDigest(inputs)])).not.toContain(TOKEN);
  });
  it("changes the digest with the fingerprint, so a new token runs the script again", () => {
    const other = { ...inputs, secretFiles: { PHOENIX_DOCKER_TOKEN: { path: "/w/docker.conf", fingerprint: secretFileFingerprint("PHOENIX_DOCKER_TOKEN", "another") } } };
    expect(runDigest(other)).not.toBe(runDigest(inputs));
  });
  it("is not kept in state: the snapshot drops the values read", () => {
    const kept = containerScriptDefinition.snapshot!({ present: true, digest: "d", exitCode: 0, fileSecrets: { PHOENIX_DOCKER_TOKEN: TOKEN } }, inputs);
    expect(JSON.stringify(kept)).not.toContain(TOKEN);
  });
});
