// Maps the normalized LXC config to resources: one LxcTemplate per archive Phoenix downloads,
// one LxcContainer per container (after its storages, its template or its clone source's
// snapshot, and the containers it depends on), and one LxcSnapshot per template_snapshot_name.
import * as pulumi from "@pulumi/pulumi";
import type { HypervisorConfig } from "../config/load";
import type { LxcConfig } from "../config/normalize-lxc";
import { LxcContainer } from "../providers/lxc-container";
import { lxcContainerInputs } from "../providers/lxc-container/from-config";
import { LxcSnapshot } from "../providers/lxc-snapshot";
import { LxcTemplate } from "../providers/lxc-template";
import { templateVolid } from "../providers/lxc-template/schema";
import type { FeatureCatalog } from "../config/features";
import { applicationRun, declareApplication, healthCheckRun } from "./applications";
import { shortDigest } from "./digest";
import { containerOrigin, declareFeatures, featureBasis, featureRuns, type FeatureSettings } from "./features";
import type { TokenValues } from "./tokens";
import { declarationOrder, templateRef } from "./lxc-order";
import type { GpuDriver } from "./nvidia";

const LIFECYCLE_SNAPSHOTS = ["pre-configured", "final-form"];

/** A short digest of what a snapshot captures; a change re-takes the snapshot. */
export const snapshotBasis = shortDigest;

/** What runs inside the containers: feature and application scripts, and the tokens they may get. */
export interface InsideContainers {
  readonly features: FeatureCatalog;
  readonly applications: FeatureCatalog;
  readonly settings: FeatureSettings;
  readonly tokens: TokenValues;
}

/** Declares every container of the LXC file and returns them by CTID. */
export function declareLxc(lxc: LxcConfig, hypervisor: HypervisorConfig, storages: ReadonlyMap<string, pulumi.Resource>, sharedVolumes: ReadonlyMap<string, pulumi.Resource> = new Map(), gpuDriver?: GpuDriver, scripts?: InsideContainers) {
  const templates = new Map<string, LxcTemplate>();
  const containers = new Map<string, LxcContainer>();
  const snapshots = new Map<string, LxcSnapshot>();
  for (const spec of declarationOrder(lxc.containers)) {
    const inputs = lxcContainerInputs(spec, hypervisor.file, lxc.containers);
    const after: pulumi.Resource[] = [];
    const storageIds = [spec.rootfs.storage, ...spec.volumes.map((v) => v.storage)];
    for (const id of new Set(storageIds)) {
      const storage = storages.get(id);
      if (storage) after.push(storage);
    }
    const ref = templateRef(spec, hypervisor.zfs);
    if (ref) {
      const volid = templateVolid(ref);
      let template = templates.get(volid);
      if (!template) {
        template = new LxcTemplate(volid, { ...ref }, { dependsOn: storages.has(ref.storage) ? [storages.get(ref.storage)!] : [] });
        templates.set(volid, template);
      }
      after.push(template);
    }
    if (spec.source.kind === "clone") {
      const from = spec.source.from;
      after.push(snapshots.get(from) ?? containers.get(from)!);
    }
    for (const id of spec.dependencies) {
      const dependency = containers.get(id);
      if (dependency) after.push(dependency);
    }
    // A shared volume's directory exists, with its owner, before a container mounts it.
    for (const mount of inputs.bindMounts ?? []) {
      const volume = sharedVolumes.get(mount.hostPath);
      if (volume) after.push(volume);
    }
    // A GPU container comes after the host driver and waits while it needs a reboot.
    const gpu = gpuDriver !== undefined && (inputs.gpus ?? []).length > 0;
    if (gpu) after.push(gpuDriver.resource);
    const container = new LxcContainer(spec.ctid, gpu ? { ...inputs, gpuDriverVersion: gpuDriver.version } : inputs, { dependsOn: after });
    containers.set(spec.ctid, container);
    // The container's features run after it, in list order, then its application script and
    // health check; its snapshot captures what they did.
    const origin = containerOrigin(inputs);
    const runs = scripts === undefined ? [] : featureRuns(spec, scripts.features, scripts.settings);
    const featureScripts = declareFeatures(spec.ctid, runs, origin, container, scripts?.tokens);
    const afterFeatures = { resource: featureScripts.at(-1) ?? container, upstream: runs.map((r) => `${r.name}:${featureBasis(r)}`), containerApplies: container.applies };
    const last = scripts === undefined ? afterFeatures : declareApplication(spec.ctid, applicationRun(spec, scripts.applications), healthCheckRun(spec), origin, afterFeatures, scripts.tokens);
    const basis = last.upstream.length === 0 ? snapshotBasis(inputs) : snapshotBasis({ inputs, features: last.upstream });
    if (spec.templateSnapshotName !== undefined) {
      const name = spec.templateSnapshotName;
      snapshots.set(spec.ctid, new LxcSnapshot(`${spec.ctid}@${name}`, { ctid: spec.ctid, name, basis }, { dependsOn: [container, last.resource] }));
    }
    // enable_lifecycle_snapshots: the original's pre-configured and final-form snapshots, taken
    // after the scripts and re-taken only when they ran again. The original took final-form after
    // its integration tests, which Phoenix runs on demand (npm run phoenix -- test), not in `up`.
    if (spec.lifecycleSnapshots) {
      for (const name of LIFECYCLE_SNAPSHOTS.filter((n) => n !== spec.templateSnapshotName)) {
        new LxcSnapshot(`${spec.ctid}@${name}`, { ctid: spec.ctid, name, basis }, { dependsOn: [container, last.resource] });
      }
    }
  }
  return { templates: [...templates.values()], containers, snapshots };
}
