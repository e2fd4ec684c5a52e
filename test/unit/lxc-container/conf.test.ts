import { describe, expect, it } from "vitest";
import { effectiveKeys, keptConfText, parsePctConf, rawLinesConverged, rewriteRawLines } from "../../../providers/lxc-container/conf";
import { fixture } from "./fixtures";

describe("parsePctConf (pve-container parse_pct_config)", () => {
  const conf = parsePctConf(fixture("conf-gpu-pending-snapshot.conf"));

  it("reads the description, keys, raw lines in order, pending and snapshot sections", () => {
    expect(conf.main.description).toBe("GPU worker: vLLM\nsecond line\n");
    expect(conf.main.keys.rootfs).toBe("quickOS-lxc-disks:subvol-101-disk-0,size=32G");
    expect(conf.main.keys.parent).toBe("pre-upgrade");
    expect(conf.main.raw).toEqual([
      { key: "lxc.cgroup2.devices.allow", value: "c 195:* rwm" },
      { key: "lxc.cgroup2.devices.allow", value: "c 511:* rwm" },
      { key: "lxc.mount.entry", value: "/dev/nvidia0 dev/nvidia0 none bind,optional,create=file" },
      { key: "lxc.mount.entry", value: "/dev/nvidiactl dev/nvidiactl none bind,optional,create=file" },
      { key: "lxc.apparmor.profile", value: "unconfined" },
    ]);
    expect(conf.pending).toEqual({ keys: { cores: "6", features: "nesting=1" }, raw: [], delete: ["swap"] });
    expect(Object.keys(conf.snapshots)).toEqual(["pre-upgrade"]);
    expect(conf.snapshots["pre-upgrade"].description).toBe("before driver upgrade\n");
    expect(conf.snapshots["pre-upgrade"].keys.snaptime).toBe("1717000000");
    expect(conf.snapshots["pre-upgrade"].raw).toEqual([{ key: "lxc.cgroup2.devices.allow", value: "c 195:* rwm" }]);
  });

  it("applies pending values and deletes for the effective conf", () => {
    const keys = effectiveKeys(conf);
    expect(keys.cores).toBe("6");
    expect(keys.features).toBe("nesting=1");
    expect(keys.swap).toBeUndefined();
    expect(keys.memory).toBe("8192");
  });

  it("takes `=` raw lines, description: lines and blank lines, and drops what it cannot parse", () => {
    const hand = parsePctConf(fixture("conf-hand-edited.conf"));
    expect(hand.main.description).toBe("edited by hand\n");
    expect(hand.main.keys).toEqual({ hostname: "web", memory: "1024", rootfs: "local-zfs:subvol-120-disk-0,size=8G" });
    expect(hand.main.raw).toEqual([{ key: "lxc.apparmor.profile", value: "unconfined" }]);
    expect(hand.unparsed).toEqual(["this line is not a key"]);
  });
});

describe("keptConfText", () => {
  it("keeps the main section and pending changes, drops snapshots, parent and lock", () => {
    const kept = keptConfText(`${fixture("conf-gpu-pending-snapshot.conf").replace("onboot: 1\n", "lock: backup\nonboot: 1\n")}`);
    expect(kept).not.toMatch(/pre-upgrade|snaptime|^lock:/m);
    expect(kept).toMatch(/\[pve:pending\]\ncores: 6\ndelete: swap\nfeatures: nesting=1\n$/);
  });
});

describe("rewriteRawLines", () => {
  const text = fixture("conf-gpu-pending-snapshot.conf");
  const gpu = (e: { key: string; value: string }) => /195|511|nvidia/.test(e.value);
  const wanted = [{ key: "lxc.cgroup2.devices.allow", value: "c 195:0 rwm" }, { key: "lxc.apparmor.profile", value: "unconfined" }];

  it("removes owned lines, appends missing ones at the end of the main section, keeps the rest byte for byte", () => {
    const out = rewriteRawLines(text, wanted, gpu);
    expect(out).toContain("unprivileged: 1\nlxc.apparmor.profile: unconfined\nlxc.cgroup2.devices.allow: c 195:0 rwm\n\n[pve:pending]\n");
    expect(out.slice(out.indexOf("[pve:pending]"))).toBe(text.slice(text.indexOf("[pve:pending]")));
    expect(rewriteRawLines(out, wanted, gpu)).toBe(out);
    expect(rawLinesConverged(parsePctConf(out), wanted, gpu)).toBe(true);
    expect(rawLinesConverged(parsePctConf(text), wanted, gpu)).toBe(false);
  });

  it("keeps lines it does not own", () => {
    const out = rewriteRawLines("hostname: a\nlxc.cap.keep: sys_admin\n", [], () => false);
    expect(out).toBe("hostname: a\nlxc.cap.keep: sys_admin\n");
  });
});
