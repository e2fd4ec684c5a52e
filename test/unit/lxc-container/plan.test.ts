import { containerFwCheck } from "../../../providers/firewall/check";
import { describe, expect, it } from "vitest";
import { planLxcContainer } from "../../../providers/lxc-container/plan";
import { parsePctConf } from "../../../providers/lxc-container/conf";
import { absent, BASE_CONF, commands, existing, inputs } from "./helpers";
import { fixture } from "./fixtures";

const TEMPLATE = "/fastData/shared-iso/template/cache/ubuntu-24.04-standard_24.04-2_amd64.tar.zst";
const NET0 = "name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:67:89:B0,ip=10.0.0.150/24,type=veth";

describe("planLxcContainer: create", () => {
  it.each([
    ["from a template: one pct create with everything it takes, then start", inputs(), [
      `pct create 950 ${TEMPLATE} --hostname vllm --memory 4096 --cores 2 --rootfs quickOS-lxc-disks:32 --unprivileged 1 --net0 ${NET0} --nameserver 8.8.8.8 --onboot 0`,
      "pct start 950",
    ]],
    ["with volumes, bind mounts, features and boot order: mounts by pct set at the lowest free indexes", inputs({
      features: { nesting: "1", keyctl: "1" },
      onboot: true,
      startup: { order: 4, up: 5 },
      volumes: [{ storage: "quickOS-shared-prod-data-volumes", sizeGb: 10, mountPoint: "/data" }],
      bindMounts: [{ hostPath: "/mnt/pve/ssl", containerPath: "/certs", owner: { uid: 0, gid: 0 } }],
    }), [
      `pct create 950 ${TEMPLATE} --hostname vllm --memory 4096 --cores 2 --rootfs quickOS-lxc-disks:32 --unprivileged 1 --net0 ${NET0} --nameserver 8.8.8.8 --features keyctl=1,nesting=1 --onboot 1 --startup order=4,up=5`,
      "mkdir -p -- /mnt/pve/ssl",
      "chown -- 100000:100000 /mnt/pve/ssl",
      "pct set 950 --mp0 quickOS-shared-prod-data-volumes:10,mp=/data --mp1 /mnt/pve/ssl,mp=/certs",
      "pct start 950",
    ]],
    ["a template that is never started", inputs({ template: true, running: false }), [
      `pct create 950 ${TEMPLATE} --hostname vllm --memory 4096 --cores 2 --rootfs quickOS-lxc-disks:32 --unprivileged 1 --net0 ${NET0} --nameserver 8.8.8.8 --onboot 0`,
      "pct template 950",
    ]],
  ])("%s", (_name, desired, expected) => {
    const plan = planLxcContainer(desired, absent({ hostPaths: { "/mnt/pve/ssl": null } }));
    expect(commands(plan)).toEqual(expected);
  });

  it("clones from the source's snapshot (whose section has no features), then sets what differs from it, grows the disk, fixes GPU lines, starts", () => {
    const desired = inputs({ ctid: "920", hostname: "Template-VLLM", source: { kind: "clone", from: "900", snapshot: "pre-configured" }, rootfs: { storage: "quickOS-lxc-disks", sizeGb: 128 }, gpus: [0] });
    const source = parsePctConf(fixture("conf-clone-source-900.conf"));
    const plan = planLxcContainer(desired, absent({ source }));
    expect(commands(plan)).toEqual([
      "pct clone 900 920 --snapname pre-configured --hostname Template-VLLM --storage quickOS-lxc-disks --full 1",
      `pct set 920 --memory 4096 --net0 ${NET0} --nameserver 8.8.8.8`,
      "pct resize 920 rootfs 128G",
      "write /etc/pve/lxc/920.conf (22 lines, sha256 eb26aad10f8e)",
      "pct start 920",
    ]);
  });

  it("refuses a clone whose source lacks the snapshot, naming the ones it has", () => {
    const desired = inputs({ source: { kind: "clone", from: "900", snapshot: "final-form" } });
    expect(commands(planLxcContainer(desired, absent({ source: parsePctConf(fixture("conf-clone-source-900.conf")) })))).toBe(
      'LxcContainer 950: clone source CT 900 has no snapshot "final-form" (it has pre-configured); the source\'s template snapshot must be taken first',
    );
  });

  it("plans a clone of a source not made yet, with a warning (preview of a fresh host)", () => {
    const plan = planLxcContainer(inputs({ source: { kind: "clone", from: "900" } }), absent({ source: null }));
    expect(plan.kind === "steps" && plan.warnings).toEqual(["clone source CT 900 does not exist on the host yet; the plan after the clone is decided when it does"]);
  });

  it("refuses a GPU the host does not have", () => {
    expect(commands(planLxcContainer(inputs({ gpus: [2] }), absent()))).toBe("LxcContainer 950: GPU 2 assigned, but the host has no /dev/nvidia2 (it has /dev/nvidia0, /dev/nvidia1)");
  });
});

describe("planLxcContainer: converge", () => {
  it("is empty on the conf it created (idempotence)", () => {
    expect(commands(planLxcContainer(inputs(), existing(BASE_CONF)))).toEqual([]);
  });

  it.each([
    ["memory and cores set out of band", BASE_CONF.replace("memory: 4096", "memory: 2048").replace("cores: 2", "cores: 8"), "running", ["pct set 950 --memory 4096 --cores 2"]],
    ["net0 changed out of band", BASE_CONF.replace("ip=10.0.0.150/24", "ip=10.0.0.99/24"), "running", [`pct set 950 --net0 ${NET0}`]],
    ["a stopped container", BASE_CONF, "stopped", ["pct start 950"]],
    ["a smaller root disk grows", BASE_CONF.replace("size=32G", "size=16G"), "running", ["pct resize 950 rootfs 32G"]],
    ["a features string in another order is the same", BASE_CONF.replace("hostname", "features: nesting=1\nhostname"), "running", ["pct set 950 --delete features"]],
  ] as const)("%s", (_name, conf, status, expected) => {
    expect(commands(planLxcContainer(inputs(), existing(conf, status)))).toEqual(expected);
  });

  it("refuses to shrink the root disk", () => {
    expect(commands(planLxcContainer(inputs(), existing(BASE_CONF.replace("size=32G", "size=64G"))))).toBe(
      "LxcContainer 950: rootfs is 64G, the config says 32G: disks only grow (shrinking would cut off data); raise the config to at least 64G",
    );
  });

  it("refuses to change unprivileged in place", () => {
    expect(commands(planLxcContainer(inputs({ unprivileged: false }), existing(BASE_CONF)))).toMatch(/unprivileged is 1 on the host and 0 in the config; it is fixed when a container is created/);
  });

  it("keeps mount indexes: adding one takes a free index, removing one deletes only it, a removed one is re-added at a free index", () => {
    const two = inputs({ volumes: [{ storage: "vols", sizeGb: 10, mountPoint: "/data" }], bindMounts: [{ hostPath: "/srv/models", containerPath: "/models" }] });
    const conf = `${BASE_CONF}mp1: vols:subvol-950-disk-1,mp=/data,size=10G\n`;
    expect(commands(planLxcContainer(two, existing(conf, "running", { hostPaths: { "/srv/models": { uid: 0, gid: 0, type: "directory" } } })))).toEqual(["pct set 950 --mp0 /srv/models,mp=/models"]);
    const withBoth = `${conf}mp0: /srv/models,mp=/models\n`;
    const onlyBind = inputs({ bindMounts: [{ hostPath: "/srv/models", containerPath: "/models" }] });
    const plan = planLxcContainer(onlyBind, existing(withBoth, "stopped", { hostPaths: { "/srv/models": { uid: 0, gid: 0, type: "directory" } } }), two);
    expect(commands(plan)).toEqual(["pct set 950 --delete mp1", "pct start 950"]);
    expect(plan.kind === "steps" && plan.warnings).toEqual(["mp1 (vols:subvol-950-disk-1 at /data) is removed from the container; the volume is kept as unusedN, not destroyed"]);
  });

  it("re-attaches a volume whose mount was removed by hand, and gives a path new to the config a new volume", () => {
    const data = inputs({ volumes: [{ storage: "vols", sizeGb: 10, mountPoint: "/data" }] });
    const parked = `${BASE_CONF}unused0: vols:subvol-950-disk-1\n`;
    const plan = planLxcContainer(data, existing(parked), data);
    expect(commands(plan)).toEqual(["pct set 950 --mp0 vols:subvol-950-disk-1,mp=/data"]);
    expect(plan.kind === "steps" && plan.warnings).toContain("/data: re-attaching vols:subvol-950-disk-1 (unused0), the volume that was mounted there");
    // Not in the previous inputs: the unused volume may be another path's data.
    expect(commands(planLxcContainer(data, existing(parked), inputs()))).toEqual(["pct set 950 --mp0 vols:10,mp=/data"]);
    expect(commands(planLxcContainer(data, existing(`${parked}unused1: vols:subvol-950-disk-2\n`), data))).toMatch(/no mount at \/data, and unused0 \(vols:subvol-950-disk-1\), unused1 \(vols:subvol-950-disk-2\) on vols may hold its data/);
  });

  it("reports a change PVE parks in [pve:pending] on a running container and does not plan it again", () => {
    const desired = inputs({ features: { nesting: "1" } });
    const first = planLxcContainer(desired, existing(BASE_CONF));
    expect(commands(first)).toEqual(["pct set 950 --features nesting=1"]);
    expect(first.kind === "steps" && first.warnings).toEqual(["features cannot change while the container runs: PVE keeps them in [pve:pending] until the next start (pct reboot 950 applies them)"]);
    const after = planLxcContainer(desired, existing(`${BASE_CONF}\n[pve:pending]\nfeatures: nesting=1\n`));
    expect(commands(after)).toEqual([]);
    expect(after.kind === "steps" && after.warnings).toEqual(["pending until the next start of CT 950: features (pct reboot 950 applies them; Phoenix does not restart containers)"]);
  });

  it("derives GPU lines from the host's nodes, replaces inherited wide rules, keeps foreign lines", () => {
    const conf = `${BASE_CONF}lxc.cgroup2.devices.allow: c 195:* rwm\nlxc.cgroup2.devices.allow: c 511:* rwm\nlxc.mount.entry: /dev/nvidia1 dev/nvidia1 none bind,optional,create=file\nlxc.cap.keep: sys_admin\n`;
    const plan = planLxcContainer(inputs({ gpus: [0] }), existing(conf));
    expect(plan.kind).toBe("steps");
    const edit = plan.kind === "steps" ? plan.steps[0].fileEdit : undefined;
    expect(edit?.after?.split("\n").filter((l) => l.startsWith("lxc."))).toEqual([
      "lxc.cap.keep: sys_admin",
      "lxc.cgroup2.devices.allow: c 235:1 rwm",
      "lxc.cgroup2.devices.allow: c 195:254 rwm",
      "lxc.cgroup2.devices.allow: c 511:0 rwm",
      "lxc.cgroup2.devices.allow: c 511:1 rwm",
      "lxc.cgroup2.devices.allow: c 195:0 rwm",
      "lxc.cgroup2.devices.allow: c 195:255 rwm",
      "lxc.mount.entry: /dev/nvidia-caps/nvidia-cap1 dev/nvidia-caps/nvidia-cap1 none bind,optional,create=file",
      "lxc.mount.entry: /dev/nvidia-modeset dev/nvidia-modeset none bind,optional,create=file",
      "lxc.mount.entry: /dev/nvidia-uvm dev/nvidia-uvm none bind,optional,create=file",
      "lxc.mount.entry: /dev/nvidia-uvm-tools dev/nvidia-uvm-tools none bind,optional,create=file",
      "lxc.mount.entry: /dev/nvidia0 dev/nvidia0 none bind,optional,create=file",
      "lxc.mount.entry: /dev/nvidiactl dev/nvidiactl none bind,optional,create=file",
    ]);
    expect(plan.kind === "steps" && plan.warnings).toEqual(["raw lxc.* lines apply at the next start of CT 950 (pct reboot 950)"]);
    const none = planLxcContainer(inputs({ gpus: [] }), existing(conf));
    const noneEdit = none.kind === "steps" ? none.steps[0].fileEdit : undefined;
    expect(noneEdit?.after?.split("\n").filter((l) => l.startsWith("lxc."))).toEqual(["lxc.cap.keep: sys_admin"]);
  });

  it("takes over the original's passthrough lines, including its hard-coded c 243:* rule", () => {
    const original = `${BASE_CONF}lxc.cgroup2.devices.allow: c 195:* rwm\nlxc.cgroup2.devices.allow: c 243:* rwm\nlxc.mount.entry: /dev/nvidia0 dev/nvidia0 none bind,optional,create=file\n`;
    const plan = planLxcContainer(inputs({ gpus: [] }), existing(original));
    const edit = plan.kind === "steps" ? plan.steps[0].fileEdit : undefined;
    expect(edit?.after).toBe(BASE_CONF);
  });

  it("writes the firewall file and nothing more once it is right", () => {
    const desired = inputs({ firewall: { enabled: true, rules: [{ direction: "in", action: "ACCEPT", source: "10.0.0.153", proto: "tcp", dport: "9443" }] } });
    const plan = planLxcContainer(desired, existing(BASE_CONF));
    expect(commands(plan)).toEqual([expect.stringMatching(/^write \/etc\/pve\/firewall\/950\.fw \(8 lines, sha256 893fb71952db, checked with PVE::Firewall's parser \(as CT 950's file\)\)$/)]);
    // PVE's parser checks the candidate before it is installed, as cluster.fw's.
    expect(plan.kind === "steps" ? plan.steps[0].fileEdit?.verify : undefined).toEqual(containerFwCheck("950").verify);
    const written = plan.kind === "steps" ? plan.steps[0].fileEdit?.after ?? null : null;
    expect(written).toBe("[OPTIONS]\n\nenable: 1\n\n[RULES]\n\nIN ACCEPT -source 10.0.0.153 -p tcp -dport 9443\n\n");
    expect(commands(planLxcContainer(desired, existing(BASE_CONF, "running", { firewallFile: written })))).toEqual([]);
  });

  it("refuses to act on a locked container, but a converged one is fine", () => {
    expect(commands(planLxcContainer(inputs(), existing(BASE_CONF.replace("cores: 2", "cores: 3\nlock: backup"))))).toBe(
      "LxcContainer 950: is locked (backup) on the host; wait for the operation to finish, or run pct unlock 950 if none is running",
    );
    expect(commands(planLxcContainer(inputs(), existing(`${BASE_CONF}lock: backup\n`)))).toEqual([]);
  });
});
