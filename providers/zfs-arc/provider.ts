// ZfsArc lifecycle on the host:
//   inspect: cat /sys/module/zfs/parameters/zfs_arc_max; cat /etc/modprobe.d/zfs.conf;
//            grep MemTotal /proc/meminfo; findmnt -n -o FSTYPE /
//   create/update: write the runtime limit, persist it in modprobe.d (through editHostFile, so
//            other edits of zfs.conf are kept), update-initramfs on ZFS root
//            (also when an initramfs predates zfs.conf)
//   delete:  nothing: the limit stays as applied (removing it from config stops managing it)
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import { planSteps } from "../core/plan";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planZfsArc } from "./plan";
import { ZfsArcInputsSchema, type ZfsArcInputs, type ZfsArcObserved } from "./schema";

async function inspectArc(runner: Runner): Promise<ZfsArcObserved> {
  const [arc, conf, mem, root, boot] = await Promise.all([
    readArgv(runner, inspect.readArcMaxCommand()),
    probe(runner, inspect.readModprobeConfCommand()),
    readArgv(runner, inspect.memTotalCommand()),
    readArgv(runner, inspect.rootFsTypeCommand()),
    readArgv(runner, inspect.bootFilesMtimeCommand()),
  ]);
  return {
    runtimeMaxBytes: inspect.parseArcMax(arc),
    modprobeConf: inspect.parseModprobeConf(conf),
    memTotalBytes: inspect.parseMemTotal(mem),
    rootFsType: inspect.parseRootFsType(root),
    initramfsStale: inspect.parseInitramfsStale(boot),
  };
}

/** ZfsArc (the host's ARC size limit) for the generic adapter. */
export const zfsArcDefinition: ResourceDefinition<ZfsArcInputs, ZfsArcObserved> = {
  kind: "ZfsArc",
  parseInputs: (raw) => parseWith(ZfsArcInputsSchema, raw),
  id: () => "zfs_arc_max",
  identity: [],
  label: () => "ZfsArc",
  inspect: (runner) => inspectArc(runner),
  exists: () => true,
  plan: (desired, observed) => planZfsArc(desired, observed),
  planDelete: () => planSteps([], ["the ARC limit stays as applied; it is no longer managed"]),
  allowsDestroy: () => true,
};
