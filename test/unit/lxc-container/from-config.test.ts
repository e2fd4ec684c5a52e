// lxcContainerInputs over the real 2025-09-23 file (all 15 containers) and every corpus revision:
// each result passes the kind's own input schema, and the real entries map as the config says.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigPair } from "../../../config/load";
import { lxcContainerInputs } from "../../../providers/lxc-container/from-config";
import { LxcContainerInputsSchema } from "../../../providers/lxc-container/schema";
import { loadSnapshot, SNAPSHOTS } from "../config/corpus";
import { WITH_LAB_APPLICATIONS } from "../config/shipped";

const EXAMPLES = resolve(__dirname, "../../../config/examples");

function real() {
  const loaded = loadConfigPair(resolve(EXAMPLES, "phoenix_hypervisor_config.json"), resolve(EXAMPLES, "phoenix_lxc_configs.json"), WITH_LAB_APPLICATIONS);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  const containers = loaded.containers.containers;
  return Object.fromEntries(containers.map((c) => [c.ctid, lxcContainerInputs(c, loaded.hypervisor.file, containers)]));
}

describe("lxcContainerInputs on the real file", () => {
  const all = real();

  it("maps all 15 containers to inputs the kind accepts", () => {
    expect(Object.keys(all)).toHaveLength(15);
    for (const [ctid, raw] of Object.entries(all)) {
      const parsed = LxcContainerInputsSchema.safeParse(raw);
      expect(parsed.success, `${ctid}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it("maps the template root and a clone with its source's snapshot", () => {
    expect(all["900"]).toMatchObject({
      ctid: "900",
      hostname: "Template-Base",
      source: { kind: "template", template: "/fastData/shared-iso/template/cache/ubuntu-24.04-standard_24.04-2_amd64.tar.zst" },
      unprivileged: true,
      memoryMb: 2048,
      cores: 2,
      rootfs: { storage: "quickOS-lxc-disks", sizeGb: 32 },
      nics: [{ index: 0, name: "eth0", bridge: "vmbr0", ip: "10.0.0.200/24", gw: "10.0.0.1", hwaddr: "52:54:00:AA:BB:CC", firewall: false }],
      nameservers: ["8.8.8.8"],
      onboot: false,
      startup: { order: 0, up: 0 },
      gpus: [],
      running: true,
    });
    expect(all["920"].source).toEqual({ kind: "clone", from: "901", snapshot: "pre-configured" });
    expect(all["920"].gpus).toEqual([0, 1]);
  });

  it("gives 910 its volume, shared ssl bind mount owned by container root, firewall and boot order", () => {
    expect(all["910"]).toMatchObject({
      volumes: [{ storage: "quickOS-shared-prod-data-volumes", sizeGb: 10, mountPoint: "/data" }],
      bindMounts: [{ hostPath: "/mnt/pve/quickOS/shared-prod-data/ssl", containerPath: "/certs", readOnly: false }],
      firewall: { enabled: true, rules: [{ direction: "in", action: "ACCEPT", source: "10.0.0.153", proto: "tcp", dport: "9443", enabled: true }] },
      onboot: true,
      startup: { order: 4, up: 5 },
    });
    expect(all["910"].nics?.[0].firewall).toBe(true);
    expect(all["953"].bindMounts?.map((b) => b.containerPath)).toEqual(["/etc/nginx/ssl", "/etc/nginx/sites-available", "/logs/nginx"]);
    expect(all["953"].features).toEqual({ nesting: "1" });
  });
});

describe("lxcContainerInputs on every corpus revision", () => {
  it("has revisions the config accepts (else the table below checks nothing)", () => {
    expect(SNAPSHOTS.filter((s) => loadSnapshot(s).ok).length).toBeGreaterThan(SNAPSHOTS.length / 2);
  });

  it.each(SNAPSHOTS.map((s) => [`${s.date} ${s.commit}`, s] as const))("%s", (_name, snapshot) => {
    const loaded = loadSnapshot(snapshot);
    if (!loaded.ok) return; // revisions the config refuses are the config tests' business
    const containers = loaded.containers.containers;
    for (const spec of containers) {
      const parsed = LxcContainerInputsSchema.safeParse(lxcContainerInputs(spec, loaded.hypervisor.file, containers));
      expect(parsed.success, `${spec.ctid}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
