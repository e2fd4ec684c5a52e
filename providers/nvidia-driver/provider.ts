// NvidiaDriver lifecycle on the host:
//   inspect: uname -r; cat /proc/driver/nvidia/version; nvidia-smi --query-gpu=driver_version;
//            dkms status -m nvidia; stat /lib/modules/<kernel>/build; sha256sum of the cached
//            runfile; cat + stat the nouveau blacklist and stat the initramfs; GPU container confs
//   create/update: download into the cache and check its SHA-256 (only when the cache lacks it);
//            sh <runfile> --silent --dkms --skip-module-load …; blacklist file (editHostFile);
//            update-initramfs -u. Never a reboot: `rebootRequired` in the observation instead.
//   delete:  nvidia-installer --uninstall, blacklist removed; refused under GPU containers unless allowed
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planDeleteNvidiaDriver, planNvidiaDriver } from "./plan";
import { NvidiaDriverInputsSchema, runfilePath, type NvidiaDriverInputs, type NvidiaDriverObserved } from "./schema";

async function inspectDriver(runner: Runner, inputs: NvidiaDriverInputs): Promise<NvidiaDriverObserved> {
  const kernel = inspect.parseKernel(await readArgv(runner, inspect.kernelCommand()));
  const path = runfilePath(inputs);
  const [version, smi, dkms, headers, sha, blacklist, mtimes, containers] = await Promise.all([
    probe(runner, inspect.versionFileCommand()),
    probe(runner, inspect.smiCommand()),
    probe(runner, inspect.dkmsCommand()),
    probe(runner, inspect.headersCommand(kernel)),
    probe(runner, inspect.sha256Command(path)),
    probe(runner, inspect.blacklistCommand()),
    probe(runner, inspect.mtimesCommand(kernel)),
    readArgv(runner, inspect.gpuContainersCommand()),
  ]);
  const facts = { kernel, loaded: inspect.parseLoadedVersion(version), smi: inspect.parseSmi(smi), dkms: inspect.parseDkmsStatus(dkms) };
  const installed = inspect.installedVersion(facts);
  return {
    ...facts,
    headers: inspect.parseIsDirectory(headers),
    runfileSha256: inspect.parseSha256(sha, path),
    blacklist: inspect.parseCat(blacklist),
    initramfsStale: inspect.parseInitramfsStale(mtimes, kernel),
    gpuContainers: inspect.parseGpuContainers(containers),
    rebootRequired: installed !== null && installed !== facts.loaded,
  };
}

export const nvidiaDriverDefinition: ResourceDefinition<NvidiaDriverInputs, NvidiaDriverObserved> = {
  kind: "NvidiaDriver",
  parseInputs: (raw) => parseWith(NvidiaDriverInputsSchema, raw),
  // One driver per host.
  id: () => "nvidia",
  identity: [],
  label: (inputs) => `NvidiaDriver ${inputs.version}`,
  inspect: (runner, inputs) => inspectDriver(runner, inputs),
  exists: (observed) => observed.smi.state !== "missing" || (observed.dkms ?? []).length > 0 || observed.blacklist !== null,
  // A pending reboot changes the host without Phoenix: the next diff asks the host.
  unsettled: (observed) => observed.rebootRequired,
  plan: (desired, observed) => planNvidiaDriver(desired, observed),
  planDelete: (inputs, observed, allowed) => planDeleteNvidiaDriver(inputs, observed, allowed),
  // Removing the driver loses no data; under GPU containers only phoenix:allowDestroy allows it.
  allowsDestroy: () => false,
};
