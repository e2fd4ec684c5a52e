// LxcContainer against a replayed host: the exact inspection commands, the delete and replace
// refusals that protect data, and the kept state.
import { describe, expect, it } from "vitest";
import { lxcContainerDefinition as def, snapshotContainer } from "../../../providers/lxc-container/provider";
import { FakeRunner, type Exchange } from "../../helpers/fake-runner";
import { fixture } from "./fixtures";
import { BASE_CONF, commands, inputs } from "./helpers";

const NO_FILE = (path: string) => ({ code: 1, stderr: `cat: ${path}: No such file or directory\n` });

function hostOf(conf: string | null, extra: Exchange[] = []): FakeRunner {
  return new FakeRunner([
    { command: "env LC_ALL=C cat /etc/pve/lxc/950.conf", ...(conf === null ? NO_FILE("/etc/pve/lxc/950.conf") : { stdout: conf }) },
    { command: "env LC_ALL=C cat /proc/devices", stdout: fixture("proc-devices.txt") },
    { command: `env LC_ALL=C sh -c 'for f in /dev/nvidia* /dev/nvidia-caps/*; do [ -e "$f" ] && stat -c "%F|%t|%T|%n" "$f"; done; true'`, stdout: fixture("gpu-nodes.txt") },
    { command: "env LC_ALL=C cat /etc/pve/firewall/950.fw", ...NO_FILE("/etc/pve/firewall/950.fw") },
    ...extra,
  ]);
}

const LINKED = `sh -c 'grep -H -E '\\''^(rootfs|mp[0-9]+):'\\'' /etc/pve/lxc/*.conf 2>/dev/null; true'`;

describe("LxcContainer inspect", () => {
  it("reads the conf, the host's GPU facts, the firewall file, then status and linked clones", async () => {
    const runner = hostOf(BASE_CONF, [
      { command: "pct status 950", stdout: "status: stopped\n" },
      { command: LINKED, stdout: "/etc/pve/lxc/950.conf:rootfs: quickOS-lxc-disks:subvol-950-disk-0,size=32G\n" },
    ]);
    const observed = await def.inspect(runner, inputs());
    runner.assertDone();
    expect(observed).toMatchObject({ exists: true, status: "stopped", firewallFile: null, linkedClones: [] });
    expect(commands(def.plan(inputs(), observed, undefined))).toEqual(["pct start 950"]);
  });

  it("reads a clone source's conf when the container does not exist, and bind mount sources", async () => {
    const desired = inputs({ source: { kind: "clone", from: "900", snapshot: "pre-configured" }, bindMounts: [{ hostPath: "/srv/a", containerPath: "/a" }] });
    const runner = hostOf(null, [
      { command: "env LC_ALL=C stat -c '%u %g %F' -- /srv/a", code: 1, stderr: "stat: cannot statx '/srv/a': No such file or directory\n" },
      { command: "env LC_ALL=C cat /etc/pve/lxc/900.conf", stdout: fixture("conf-clone-source-900.conf") },
    ]);
    const observed = await def.inspect(runner, desired);
    runner.assertDone();
    expect(observed.exists).toBe(false);
    expect(Object.keys(observed.source?.snapshots ?? {})).toEqual(["pre-configured"]);
    expect(observed.hostPaths).toEqual({ "/srv/a": null });
  });
});

describe("LxcContainer delete and replace", () => {
  const conf = `${BASE_CONF}mp0: vols:subvol-950-disk-1,mp=/data,size=10G\nmp1: /srv/a,mp=/a\n\n[pre-configured]\ncores: 2\nsnaptime: 1\n`;
  const observed = (linkedClones: string[] = []) => ({ ...snapshotOf(conf), linkedClones });
  function snapshotOf(text: string) {
    return { exists: true, confText: text, status: "running" as const, majors: {}, gpuNodes: [], hostPaths: {}, firewallFile: null };
  }

  it("refuses without permission, naming the disks and snapshots it would destroy", () => {
    expect(commands(def.planDelete(inputs(), observed(), false))).toBe(
      'LxcContainer 950: deleting it would destroy its disks rootfs quickOS-lxc-disks:subvol-950-disk-0 (32G), mp0 vols:subvol-950-disk-1 (10G) and 1 snapshot (pre-configured); bind-mounted host directories are kept; allow it with allow_destroy, or phoenix:allowDestroy "LxcContainer:950"; or stop managing it with pulumi state delete',
    );
  });

  it("stops and destroys when allowed", () => {
    expect(commands(def.planDelete(inputs(), observed(), true))).toEqual(["pct stop 950", "pct destroy 950"]);
  });

  it("never destroys a linked clone's base, allowed or not", () => {
    expect(commands(def.planDelete(inputs(), observed(["951"]), true))).toBe(
      "LxcContainer 950: CT 951 is a linked clone of it; destroying it would destroy that container's disks too. Remove the clones first",
    );
  });

  it("replaces for a new source or unprivileged only with permission", () => {
    const other = inputs({ source: { kind: "clone", from: "902" } });
    expect(def.replacement!(inputs(), other, observed(), true)).toEqual({ keys: ["source"] });
    expect(def.replacement!(inputs(), inputs({ unprivileged: false }), observed(), true)).toEqual({ keys: ["unprivileged"] });
    expect(def.replacement!(inputs(), inputs({ memoryMb: 8192 }), observed(), false)).toEqual({ keys: [] });
    const refused = def.replacement!(inputs(), other, observed(), false);
    expect("refuse" in refused && refused.refuse).toMatch(/^LxcContainer 950: source cannot change in place \(template \/fastData\/.* → clone of CT 902\); a replace would destroy its disks rootfs/);
  });

  it("keeps neither snapshot sections, parent, lock nor linked clones in state", () => {
    const kept = snapshotContainer({ ...observed(["951"]), confText: conf.replace("cores: 2\n", "cores: 2\nlock: backup\nparent: pre-configured\n"), majors: { nvidia: 195, mem: 1 } });
    expect(kept.confText).toBe(`${BASE_CONF}mp0: vols:subvol-950-disk-1,mp=/data,size=10G\nmp1: /srv/a,mp=/a\n`);
    expect(kept.majors).toEqual({ nvidia: 195 });
    expect(kept.linkedClones).toBeUndefined();
  });
});
