// What features and application scripts declare is checked against each container, with the
// config and before any host command; nesting a script needs becomes part of the container.
import { describe, expect, it } from "vitest";
import { fixedCatalog, type ScriptCatalog } from "../../../config/features";
import { validateConfigPair } from "../../../config/load";
import { parseScriptHeader } from "../../../config/script-header";
import { ANY_APPLICATION, errorsOf, HV_NAME, LXC_NAME, ORIGINAL_FEATURES, shippedHv, shippedLxc, type Json } from "./shipped";

const FEATURES = fixedCatalog(["base_setup", "nvidia", "docker", "vllm", "ollama", "portainer"], "features", {
  portainer: parseScriptHeader("# phoenix-needs: nesting\n"),
  docker: parseScriptHeader("# phoenix-needs: nesting\n"),
  nvidia: parseScriptHeader("# phoenix-needs: gpu\n"),
  vllm: parseScriptHeader("# phoenix-needs: gpu\n# phoenix-tokens: hf_token\n"),
});

function applications(headers: Record<string, string>, beside: string[] = []): ScriptCatalog {
  return {
    searched: ["bin"],
    find: (name) => (name in headers ? `bin/${name}` : undefined),
    header: (name) => parseScriptHeader(headers[name] ?? ""),
    hasBeside: (_name, file) => beside.includes(file),
  };
}

function check(mutate: (lxc: Json) => void, apps: ScriptCatalog = ANY_APPLICATION, features: ScriptCatalog = FEATURES) {
  const lxc = shippedLxc();
  mutate(lxc);
  return validateConfigPair({ file: HV_NAME, value: shippedHv() }, { file: LXC_NAME, value: lxc }, { features, applications: apps });
}

describe("script needs and application scripts in the config checks", () => {
  it("accepts the shipped files with the shipped features' declarations", () => {
    expect(errorsOf(check(() => {}))).toEqual([]);
  });

  it.each([
    ["a GPU feature on a container without a GPU", (l: Json) => (l.lxc_configs["901"].gpu_assignment = "none"), ['$.lxc_configs["901"].features[0]: feature "nvidia" needs a GPU, and gpu_assignment is "none"']],
    ["a nesting feature where pct_options turns nesting off", (l: Json) => (l.lxc_configs["902"].pct_options = ["nesting=0"]), ['$.lxc_configs["902"].features[0]: feature "docker" needs nesting, and pct_options sets nesting=0']],
  ])("refuses %s", (_name, mutate, expected) => {
    expect(errorsOf(check(mutate))).toEqual(expected);
  });

  it("refuses a portainer role whose feature has no script, and checks its needs", () => {
    const without = fixedCatalog(["base_setup", "nvidia", "docker", "vllm", "ollama"], "features");
    expect(errorsOf(check(() => {}, ANY_APPLICATION, without))).toEqual(['$.lxc_configs["910"].portainer_role: portainer_role "server" runs the portainer feature, which has no script: looked for portainer.sh in features']);
    expect(errorsOf(check((l) => (l.lxc_configs["910"].pct_options = ["nesting=0"])))).toContain('$.lxc_configs["910"].portainer_role: portainer_role "server" (feature "portainer") needs nesting, and pct_options sets nesting=0');
    expect(errorsOf(check((l) => (l.lxc_configs["952"].portainer_role = "infrastructure"), ANY_APPLICATION, without)).filter((e) => e.includes('"952"'))).toEqual([]);
  });

  it("gives a container nesting=1 when a script needs it and pct_options leaves it unset (the original did so for docker)", () => {
    const result = check(() => {});
    if (!result.ok) throw new Error("must load");
    const byId = (id: string) => result.containers.containers.find((c) => c.ctid === id)!;
    expect(byId("902").pveFeatures).toEqual({ nesting: "1" });
    expect(byId("900").pveFeatures).toEqual({});
    const off = check(() => {}, ANY_APPLICATION, ORIGINAL_FEATURES);
    if (!off.ok) throw new Error("must load");
    expect(off.containers.containers.find((c) => c.ctid === "902")!.pveFeatures).toEqual({});
  });

  it("refuses an application script that is not found, naming where it looked", () => {
    const apps = applications({ "phoenix_hypervisor_lxc_vllm.sh": "" });
    expect(errorsOf(check(() => {}, apps)).filter((e) => e.includes('"950"') || e.includes('"952"'))).toEqual([
      '$.lxc_configs["952"].application_script: application script "phoenix_hypervisor_lxc_952.sh" not found: looked in bin',
    ]);
  });

  it("checks what an application script declares: needs, token names and files beside it", () => {
    const apps = applications(
      { "phoenix_hypervisor_lxc_952.sh": "# phoenix-needs: gpu\n# phoenix-tokens: github\n# phoenix-files: ok.sh missing.conf ../up.sh container.json\n" },
      ["ok.sh"],
    );
    const errors = errorsOf(check(() => {}, apps)).filter((e) => e.includes('"952"'));
    expect(errors).toEqual([
      '$.lxc_configs["952"].application_script: application script "phoenix_hypervisor_lxc_952.sh": unknown token "github" (known: hf_token, docker_token)',
      '$.lxc_configs["952"].application_script: application script "phoenix_hypervisor_lxc_952.sh" needs a GPU, and gpu_assignment is "none"',
      '$.lxc_configs["952"].application_script: application script "phoenix_hypervisor_lxc_952.sh": phoenix-files names missing.conf, which is not beside the script',
      '$.lxc_configs["952"].application_script: application script "phoenix_hypervisor_lxc_952.sh": phoenix-files: invalid file name "../up.sh" (a relative path of letters, digits, _ . -)',
      '$.lxc_configs["952"].application_script: application script "phoenix_hypervisor_lxc_952.sh": phoenix-files: container.json is the name Phoenix gives the container\'s entry',
    ]);
  });
});
