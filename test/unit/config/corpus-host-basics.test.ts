// Every accepted revision of the corpus maps to host-basics inputs the providers accept: the
// time zone, the node's hosts line (no revision names the node: it keeps its name), the default
// no-subscription repositories, and one SharedVolume per volume.
import { describe, expect, it } from "vitest";
import { AptRepositoriesInputsSchema } from "../../../providers/apt-repositories/schema";
import { HostNameInputsSchema } from "../../../providers/host-name/schema";
import { HostTimezoneInputsSchema } from "../../../providers/host-timezone/schema";
import { SharedVolumeInputsSchema } from "../../../providers/shared-volume/schema";
import { hostNameArgs, sharedVolumeArgs } from "../../../stack/host";
import { loadSnapshot, SNAPSHOTS } from "./corpus";

describe("host basics of the corpus", () => {
  const accepted = SNAPSHOTS.map((s) => [s.commit, loadSnapshot(s)] as const).filter(([, r]) => r.ok);

  it("has accepted revisions (else the checks below check nothing)", () => {
    expect(accepted.length).toBeGreaterThan(10);
  });

  it.each(accepted)("%s: inputs parse for every host-basics kind", (_commit, result) => {
    if (!result.ok) throw new Error("filtered above");
    const hv = result.hypervisor;
    expect(HostNameInputsSchema.safeParse(hostNameArgs(hv)).error?.issues ?? []).toEqual([]);
    expect(hostNameArgs(hv).name).toBeUndefined();
    if (hv.file.timezone) expect(HostTimezoneInputsSchema.safeParse({ zone: hv.file.timezone }).success).toBe(true);
    expect(AptRepositoriesInputsSchema.safeParse({ channel: hv.file.proxmox_repositories ?? "no-subscription" }).success).toBe(true);
    for (const args of sharedVolumeArgs(hv)) expect(SharedVolumeInputsSchema.safeParse(args).error?.issues ?? []).toEqual([]);
  });
});
