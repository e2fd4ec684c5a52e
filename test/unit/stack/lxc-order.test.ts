import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigPair } from "../../../config/load";
import type { ContainerSpec } from "../../../config/normalize-lxc";
import { declarationOrder, predecessors, templateRef } from "../../../stack/lxc-order";
import { WITH_LAB_APPLICATIONS } from "../config/shipped";

const EXAMPLES = join(__dirname, "../../../config/examples");
const loaded = loadConfigPair(join(EXAMPLES, "phoenix_hypervisor_config.json"), join(EXAMPLES, "phoenix_lxc_configs.json"), WITH_LAB_APPLICATIONS);
if (!loaded.ok) throw new Error("the example config must load");
const { hypervisor, containers } = loaded;
const byId = (id: string) => containers.containers.find((c) => c.ctid === id)!;
const withSource = (id: string, source: ContainerSpec["source"]): ContainerSpec => ({ ...byId(id), source });

describe("templateRef", () => {
  it("finds the real config's absolute template path in the template cache of the storage holding it", () => {
    expect(templateRef(byId("900"), hypervisor.zfs)).toEqual({ storage: "fastData-shared-iso", file: "ubuntu-24.04-standard_24.04-2_amd64.tar.zst" });
  });

  it.each<[string, ContainerSpec["source"], ReturnType<typeof templateRef>]>([
    ["a volid", { kind: "template", template: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst" }, { storage: "local", file: "debian-12-standard_12.7-1_amd64.tar.zst" }],
    ["a template_file", { kind: "template_file", file: "debian-12-standard_12.7-1_amd64.tar.zst", storage: "fastData-shared-iso" }, { storage: "fastData-shared-iso", file: "debian-12-standard_12.7-1_amd64.tar.zst" }],
    ["a path outside every template cache", { kind: "template", template: "/root/ubuntu.tar.zst" }, undefined],
    ["a path in a subdirectory of the cache", { kind: "template", template: "/fastData/shared-iso/template/cache/old/ubuntu.tar.zst" }, undefined],
    ["a path under a storage without vztmpl", { kind: "template", template: "/fastData/shared-bulk-data/template/cache/ubuntu.tar.zst" }, undefined],
    ["a clone", { kind: "clone", from: "900" }, undefined],
  ])("reads %s", (_, source, expected) => {
    expect(templateRef(withSource("900", source), hypervisor.zfs)).toEqual(expected);
  });
});

describe("declarationOrder", () => {
  it("puts every real container after its clone source and its dependencies", () => {
    const order = declarationOrder(containers.containers).map((c) => c.ctid);
    expect(order).toHaveLength(15);
    const ids = new Set(order);
    for (const spec of containers.containers) {
      for (const before of predecessors(spec, ids)) expect(order.indexOf(before), `${before} before ${spec.ctid}`).toBeLessThan(order.indexOf(spec.ctid));
    }
    expect(order[0]).toBe("900");
  });

  it("keeps the file's order where nothing forces another", () => {
    const a = { ...byId("900"), ctid: "100", dependencies: [] };
    const b = { ...byId("900"), ctid: "101", dependencies: [] };
    expect(declarationOrder([b, a]).map((c) => c.ctid)).toEqual(["101", "100"]);
  });

  it("throws on a cycle the config checks should have refused", () => {
    const a = { ...byId("900"), ctid: "100", dependencies: ["101"] };
    const b = { ...byId("900"), ctid: "101", dependencies: ["100"] };
    expect(() => declarationOrder([a, b])).toThrow("container order loops: 100 -> 101 -> 100");
  });
});
