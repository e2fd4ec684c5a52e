import { describe, expect, it } from "vitest";
import * as inspect from "../../../providers/lxc-container/inspect";
import { fixture } from "./fixtures";

describe("LxcContainer inspect parsers", () => {
  it("reads pct status", () => {
    expect(inspect.parsePctStatus(fixture("pct-status-running.txt"))).toBe("running");
    expect(inspect.parsePctStatus("status: stopped\n")).toBe("stopped");
    expect(() => inspect.parsePctStatus("Configuration file 'nodes/pve/lxc/1.conf' does not exist\n")).toThrow(/unexpected pct status/);
  });

  it("reads pct list's fixed columns, lock included, and nothing for no containers", () => {
    expect(inspect.parsePctList(fixture("pct-list.txt"))).toEqual([
      { vmid: "900", status: "stopped", lock: "", name: "Template-Base" },
      { vmid: "950", status: "running", lock: "", name: "vllm-qwen2.5-7b-awq" },
      { vmid: "1000", status: "stopped", lock: "snapshot", name: "db01" },
    ]);
    expect(inspect.parsePctList("")).toEqual([]);
  });

  it("reads character device majors, not block ones", () => {
    const majors = inspect.parseProcDevices(fixture("proc-devices.txt"));
    expect(majors).toMatchObject({ nvidia: 195, "nvidia-frontend": 195, "nvidia-uvm": 511, "nvidia-caps": 235, mem: 1 });
    expect(majors.zvol).toBeUndefined();
  });

  it("reads GPU nodes with hex majors and minors, character devices only", () => {
    const nodes = inspect.parseGpuNodes(fixture("gpu-nodes.txt"));
    expect(nodes.map((n) => `${n.path} ${n.major}:${n.minor}`)).toEqual([
      "/dev/nvidia-caps/nvidia-cap1 235:1",
      "/dev/nvidia-modeset 195:254",
      "/dev/nvidia-uvm 511:0",
      "/dev/nvidia-uvm-tools 511:1",
      "/dev/nvidia0 195:0",
      "/dev/nvidia1 195:1",
      "/dev/nvidiactl 195:255",
    ]);
  });

  it("reads a host path's owner, or null when missing", () => {
    expect(inspect.parseHostPath({ code: 0, stdout: "100000 100000 directory\n", stderr: "" }, "/x")).toEqual({ uid: 100000, gid: 100000, type: "directory" });
    expect(inspect.parseHostPath({ code: 1, stdout: "", stderr: "stat: cannot statx '/x': No such file or directory\n" }, "/x")).toBeNull();
    expect(() => inspect.parseHostPath({ code: 1, stdout: "", stderr: "Permission denied" }, "/x")).toThrow(/cannot stat \/x/);
  });

  it("finds linked clones by their base volume, not by id prefixes", () => {
    expect(inspect.parseLinkedClones(fixture("volume-lines.txt"), "900")).toEqual(["901", "910"]);
    expect(inspect.parseLinkedClones(fixture("volume-lines.txt"), "902")).toEqual([]);
  });

  it("tells a missing file from a failed read", () => {
    expect(inspect.parseCat({ code: 1, stdout: "", stderr: "cat: /etc/pve/lxc/1.conf: No such file or directory\n" }, "p")).toBeNull();
    expect(() => inspect.parseCat({ code: 1, stdout: "", stderr: "Transport endpoint is not connected" }, "p")).toThrow(/cannot read p/);
  });
});
