// The container keys of the later revisions: accepted forms are in normalize-lxc.test.ts; these
// are the values Proxmox or LXC would refuse, and the inconsistencies between keys.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigPair } from "../../../config/load";
import { errorsOf, HV_PATH, lines, newWarnings, shippedLxc, variant, type Json } from "./shipped";

type Case = [name: string, mutate: (lxc: Json, hv: Json) => void, errors: string[]];
const ct = (id: string, rest: string) => `$.lxc_configs["${id}"]${rest}`;

const ERRORS: Case[] = [
  ["an LXC key Proxmox manages itself", (l) => (l.lxc_configs["953"].lxc_options = ["lxc.rootfs.path=/x"]), [ct("953", ".lxc_options[0]: lxc.rootfs.path cannot be set: Proxmox sets the root file system itself (use storage_pool)")]],
  ["an LXC key Proxmox drops", (l) => (l.lxc_configs["953"].lxc_options = ["lxc.foo.bar=1"]), [ct("953", '.lxc_options[0]: unknown LXC key "lxc.foo.bar" (Proxmox drops keys outside its list, e.g. lxc.apparmor.*, lxc.cgroup2.*, lxc.mount.entry, lxc.cap.keep)')]],
  ["an LXC option that is not one", (l) => (l.lxc_configs["953"].lxc_options = ["nesting"]), [ct("953", '.lxc_options[0]: invalid LXC option "nesting" (expected lxc.<key>=<value> or lxc.<key>: <value>)')]],
  ["a pct option that is no container feature", (l) => (l.lxc_configs["953"].pct_options = ["onboot=1"]), [ct("953", '.pct_options[0]: unknown container feature "onboot" (Proxmox knows nesting, keyctl, fuse, mknod, force_rw_sys, mount)')]],
  ["two AppArmor profiles", (l) => Object.assign(l.lxc_configs["953"], { apparmor_profile: "lxc-phoenix-v2", lxc_options: ["lxc.apparmor.profile=unconfined"] }), [ct("953", '.lxc_options[0]: sets AppArmor profile "unconfined" but apparmor_profile is "lxc-phoenix-v2"')]],
  ["overlapping id maps", (l) => (l.lxc_configs["953"].id_maps = [{ container_id: 33, host_id: 33, size: 10 }, { container_id: 40, host_id: 1040, size: 1 }]), [
    ct("953", ".id_maps[1]: container user ids 40..40 overlap another id_maps entry"),
    ct("953", ".id_maps[1]: container group ids 40..40 overlap another id_maps entry"),
  ]],
  ["an id map beyond the container's range", (l) => (l.lxc_configs["953"].id_maps = [{ type: "uid", container_id: 65530, host_id: 1, size: 10 }]), [ct("953", ".id_maps[0]: container ids 65530..65539 exceed the container's range 0..65535")]],
  ["an owner uid without a gid", (l) => (l.lxc_configs["953"].mount_points = [{ host_path: "/srv/a", container_path: "/a", owner_uid: 33 }]), [ct("953", ".mount_points[0].owner_gid: owner_uid and owner_gid go together (set both or neither)")]],
  ["a bind mount and a volume at one path", (l) => {
    l.lxc_configs["910"].mount_points = [{ host_path: "/srv/a", container_path: l.lxc_configs["910"].volumes[0].mount_point }];
  }, [ct("910", ".mount_points[0].container_path: /data is already the mount point of volumes[0]")]],
  ["a dependency loop", (l) => (l.lxc_configs["953"].dependencies = ["956"]), [ct("953", ".dependencies: setup order loops (clone sources and dependencies): 953 -> 956 -> 953")]],
  ["a dependency loop through a clone source", (l) => (l.lxc_configs["900"].dependencies = ["950"]), [ct("900", ".dependencies: setup order loops (clone sources and dependencies): 900 -> 950 -> 920 -> 901 -> 900")]],
  ["a template named twice", (l) => (l.lxc_configs["900"].template_file = "ubuntu.tar.zst"), [ct("900", ".template_file: template and template_file both name the template; keep one")]],
  ["a second NIC with net0's address", (l) => (l.lxc_configs["953"].secondary_network_config = { name: "eth1", bridge: "vmbr1", ip: "10.0.0.150/24" }), [ct("953", ".secondary_network_config.ip: address 10.0.0.150 is also used by container 950")]],
  ["a second NIC with net0's name", (l) => (l.lxc_configs["953"].secondary_network_config = { name: "eth0", bridge: "vmbr1", ip: "172.16.0.2/24" }), [ct("953", ".secondary_network_config.name: interface name eth0 is already used by network_config")]],
  ["two name server keys that disagree", (l) => Object.assign(l.lxc_configs["953"].network_config, { nameserver: "1.1.1.1", nameservers: "8.8.8.8" }), [ct("953", ".network_config.nameserver: nameserver and nameservers disagree; keep one (the original used nameserver)")]],
  ["a template file without the storage alias that holds it", (l, hv) => {
    delete hv.proxmox_storage_ids.fastData_shared_iso;
    delete l.lxc_configs["900"].template;
    l.lxc_configs["900"].template_file = "ubuntu-24.04-standard_24.04-2_amd64.tar.zst";
  }, [ct("900", ".template_file: needs proxmox_storage_ids.fastData_shared_iso in the hypervisor config: the storage that holds the template file")]],
  ["a dependency on nothing, without a VM file", (l) => (l.lxc_configs["953"].dependencies = ["1002"]), [ct("953", ".dependencies[0]: container 1002 is not defined in lxc_configs")]],
];

describe("LXC keys of the later revisions", () => {
  it.each(ERRORS)("refuses %s", (_name, mutate, errors) => expect(errorsOf(variant((hv, lxc) => mutate(lxc, hv)))).toEqual(errors));

  it("warns, not fails, about a dependency that may be a VM of the declared VM file", () => {
    const result = variant((hv, lxc) => {
      hv.core_paths.vm_config_file = "/usr/local/phoenix_hypervisor/etc/phoenix_vm_configs.json";
      lxc.lxc_configs["953"].dependencies = ["1002"];
    });
    expect(errorsOf(result)).toEqual([]);
    expect(newWarnings(result)).toEqual([ct("953", ".dependencies[0]: 1002 is not a container in lxc_configs; if it is a VM of core_paths.vm_config_file, Phoenix does not manage it and cannot wait for it")]);
  });

  it("warns that a new container without unprivileged is created privileged", () => {
    const result = variant((_hv, lxc) => delete lxc.lxc_configs["900"].unprivileged);
    expect(newWarnings(result)).toEqual([ct("900", ": unprivileged is not set: Proxmox creates the container privileged; write unprivileged: true or false")]);
  });
});

it("resolves a template file on the storage the alias names", () => {
  const result = variant((hv, lxc) => {
    hv.proxmox_storage_ids.fastData_shared_iso = "fastData-shared-iso";
    delete lxc.lxc_configs["900"].template;
    lxc.lxc_configs["900"].template_file = "ubuntu.tar.zst";
  });
  const source = result.ok ? result.containers.containers.find((c) => c.ctid === "900")?.source : undefined;
  expect(source).toEqual({ kind: "template_file", file: "ubuntu.tar.zst", storage: "fastData-shared-iso" });
});

describe("feature scripts", () => {
  // An LXC file in its own directory, with a features/ directory beside it.
  function userSetup(features: string[], scripts: string[]): { lxc: string; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), "phoenix-features-"));
    mkdirSync(join(dir, "features"));
    for (const s of scripts) writeFileSync(join(dir, "features", `${s}.sh`), "#!/bin/bash\n");
    const lxc = shippedLxc();
    lxc.lxc_configs["953"].features = features;
    writeFileSync(join(dir, "lxc.json"), JSON.stringify(lxc));
    return { lxc: join(dir, "lxc.json"), dir };
  }

  it("finds a feature in features/ next to the LXC file", () => {
    const { lxc } = userSetup(["trusted_ca"], ["trusted_ca"]);
    const result = loadConfigPair(HV_PATH, lxc);
    expect(result.ok ? [] : lines(result.errors).filter((e) => e.includes("trusted_ca"))).toEqual([]);
  });

  it("names the feature and every directory searched when no script exists", () => {
    const { lxc, dir } = userSetup(["step_cli"], []);
    const extra = join(dir, "more");
    const result = loadConfigPair(HV_PATH, lxc, { extraFeatureDirs: [extra] });
    const shipped = relative(process.cwd(), join(__dirname, "../../../features"));
    expect(result.ok ? [] : lines(result.errors).filter((e) => e.includes("step_cli"))).toEqual([
      `${ct("953", ".features[0]")}: feature "step_cli" has no script: looked for step_cli.sh in ${join(dir, "features")}, ${extra}, ${shipped}`,
    ]);
  });
});
