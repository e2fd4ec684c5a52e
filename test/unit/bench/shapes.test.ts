import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { floorShape } from "../../../scripts/bench/floor";
import { scaledLxcFile } from "../../../scripts/bench/lxc-scale";
import { loadConfigPair } from "../../../config/load";
import { WITH_LAB_APPLICATIONS } from "../config/shipped";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

const EXAMPLES = path.resolve(__dirname, "../../../config/examples");
const REAL_LXC = path.join(EXAMPLES, "phoenix_lxc_configs.json");

describe("scaledLxcFile", () => {
  it.each([1, 15, 50])("makes %i container(s) the config accepts, with unique addresses and MACs", (count) => {
    const file = scaledLxcFile(REAL_LXC, count);
    const entries = Object.values(file.lxc_configs);
    expect(entries).toHaveLength(count);
    expect(new Set(entries.map((e) => e.network_config.ip)).size).toBe(count);
    expect(new Set(entries.map((e) => e.mac_address)).size).toBe(count);
    const lxc = path.join(mkdtempSync(path.join(tmpdir(), "phoenix-scale-")), "phoenix_lxc_configs.json");
    writeFileSync(lxc, JSON.stringify(file));
    const loaded = loadConfigPair(path.join(EXAMPLES, "phoenix_hypervisor_config.json"), lxc, WITH_LAB_APPLICATIONS);
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  });
});

describe("floorShape", () => {
  it("turns exported secrets into markers the floor program declares as secrets", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
    const shape = floorShape({
      deployment: { resources: [{ urn: "urn:pulumi:d::phoenix::pulumi-nodejs:dynamic/phoenix:AdminUser::a", type: "pulumi-nodejs:dynamic/phoenix:AdminUser", id: "a", custom: true, inputs: { passwordHash: secret }, outputs: { passwordHash: secret } }] },
    });
    expect(shape.resources[0].inputs).toEqual({ passwordHash: { __floorSecret: "v1:abc" }, floorId: "a" });
  });

  it("keeps Phoenix's resources with their inputs, edges and extra outputs, without providers", () => {
    const urn = (kind: string, name: string) => `urn:pulumi:dev::phoenix::pulumi-nodejs:dynamic/phoenix:${kind}::${name}`;
    const shape = floorShape({
      deployment: {
        resources: [
          { urn: "urn:pulumi:dev::phoenix::pulumi:pulumi:Stack::phoenix-dev", type: "pulumi:pulumi:Stack", custom: false },
          { urn: urn("PhoenixHost", "host"), type: "pulumi-nodejs:dynamic/phoenix:PhoenixHost", id: "h1", custom: true, inputs: { __provider: "x", stack: "s" }, outputs: { __provider: "x", stack: "s", claimId: "c" } },
          { urn: urn("ZfsPool", "tank"), type: "pulumi-nodejs:dynamic/phoenix:ZfsPool", id: "tank", custom: true, inputs: { name: "tank" }, outputs: { name: "tank", observed: { health: "ONLINE" } }, dependencies: [urn("PhoenixHost", "host")] },
        ],
      },
    });
    expect(shape.resources).toEqual([
      { urn: urn("PhoenixHost", "host"), kind: "PhoenixHost", name: "host", id: "h1", inputs: { stack: "s", floorId: "h1" }, deps: [] },
      { urn: urn("ZfsPool", "tank"), kind: "ZfsPool", name: "tank", id: "tank", inputs: { name: "tank", floorId: "tank" }, deps: [urn("PhoenixHost", "host")] },
    ]);
    expect(shape.outputs).toEqual({ h1: { claimId: "c" }, tank: { observed: { health: "ONLINE" } } });
  });
});
