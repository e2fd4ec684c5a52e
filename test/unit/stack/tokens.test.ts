import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { fixedCatalog } from "../../../config/features";
import { parseScriptHeader } from "../../../config/script-header";
import { secretFileFingerprint } from "../../../providers/script/secret-files";
import { resolveTokens, tokenEnvironment, tokenFileProblem, tokensInUse } from "../../../stack/tokens";

pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs });

const dir = mkdtempSync(join(tmpdir(), "phoenix-tokens-"));
const file = (name: string, text: string, mode: number) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
};
const valueOf = (o: pulumi.Output<string>) => new Promise<string>((done) => o.apply((v) => done(v)));
const isSecret = (o: pulumi.Output<string>) => (o as unknown as { isSecret: Promise<boolean> }).isSecret;

describe("tokenFileProblem", () => {
  it.each([
    ["a private file", file("ok", "t\n", 0o600), undefined],
    ["group-readable (the original allowed 640)", file("g", "t\n", 0o640), undefined],
    ["readable by every user", file("w", "t\n", 0o644), "readable by every user (mode 644): chmod 600 it"],
    ["absent", join(dir, "none"), "does not exist here"],
    ["a directory", dir, "is not a file"],
  ])("%s", (_name, path, problem) => {
    const got = tokenFileProblem(path);
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(problem);
  });
});

describe("resolveTokens", () => {
  const used = new Map([["hf_token", ["app.sh (CT 950)"]], ["docker_token", ["feature docker (CT 902)"]]] as const);
  it("takes the stack secret first (a secret), then the file (its path and fingerprint: the value stays out of Pulumi)", async () => {
    const docker = file("d", " docker-file \n", 0o600);
    const r = resolveTokens(used, { stackSecret: (k) => (k === "hfToken" ? pulumi.output("from-stack") : undefined), files: { hf_token: file("hf", "from-file\n", 0o600), docker_token: docker } });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    const hf = r.values.hf_token as { secret: pulumi.Output<string> };
    expect(await valueOf(hf.secret)).toBe("from-stack");
    expect(await isSecret(hf.secret)).toBe(true);
    expect(r.values.docker_token).toEqual({ file: { path: docker, fingerprint: secretFileFingerprint("PHOENIX_DOCKER_TOKEN", "docker-file") } });
    expect(JSON.stringify(r.values.docker_token)).not.toContain("docker-file");
  });
  it("refuses an empty token file", () => {
    expect(resolveTokens(used, { stackSecret: () => undefined, files: { hf_token: file("empty", "\n", 0o600) } }).errors).toEqual([expect.stringMatching(/^hf_token: .*empty is empty$/)]);
  });
  it("warns, naming who declares it, when a used token has no value; refuses a world-readable file", () => {
    const r = resolveTokens(used, { stackSecret: () => undefined, files: { hf_token: join(dir, "none"), docker_token: file("open", "x", 0o644) } });
    expect(r.values).toEqual({});
    expect(r.warnings).toEqual([expect.stringMatching(/^hf_token is declared by app\.sh \(CT 950\), and neither the stack secret phoenix:hfToken is set nor a token file found \(.*none does not exist here\): those scripts run without it$/)]);
    expect(r.errors).toEqual([expect.stringMatching(/^docker_token: .*open is readable by every user/)]);
  });
  it("reads nothing for tokens no script declares", () => {
    expect(resolveTokens(new Map(), { stackSecret: () => pulumi.output("x"), files: { hf_token: file("open2", "x", 0o644) } })).toEqual({ values: {}, warnings: [], errors: [] });
  });
});

describe("tokensInUse and tokenEnvironment", () => {
  it("collects the declarers of each token from features and application scripts", () => {
    const features = fixedCatalog(["docker"], "f", { docker: parseScriptHeader("# phoenix-tokens: docker_token\n") });
    const apps = fixedCatalog(["a.sh"], "bin", { "a.sh": parseScriptHeader("# phoenix-tokens: hf_token docker_token\n") });
    const specs = [
      { ctid: "1", features: ["docker"], entry: {} },
      { ctid: "2", features: [], entry: { application_script: "a.sh" } },
      { ctid: "3", features: [], entry: { application_script: "a.sh" } },
    ] as never[];
    expect(Object.fromEntries(tokensInUse(specs, features, apps))).toEqual({ docker_token: ["feature docker (CT 1)", "a.sh (CT 2, 3)"], hf_token: ["a.sh (CT 2, 3)"] });
  });
  it("gives a script only the tokens it declares and that are set", async () => {
    const fileValue = { path: "/t/docker", fingerprint: "f" };
    const values = { hf_token: { secret: pulumi.secret("h") }, docker_token: { file: fileValue } };
    expect(tokenEnvironment([], values)).toEqual({});
    expect(tokenEnvironment(["hf_token"], {})).toEqual({});
    expect(tokenEnvironment(["docker_token"], values)).toEqual({ secretFiles: { PHOENIX_DOCKER_TOKEN: fileValue } });
    const env = tokenEnvironment(["hf_token"], values);
    expect(env.secretFiles).toBeUndefined();
    expect(JSON.parse(await valueOf(env.secretEnvironment!))).toEqual({ PHOENIX_HF_TOKEN: "h" });
    expect(await isSecret(env.secretEnvironment!)).toBe(true);
  });
});
