// Maps the normalized ZFS config to resources: ARC limit, pools, datasets (after their pool) and
// the Proxmox storage of each dataset (after its dataset).
import type * as pulumi from "@pulumi/pulumi";
import type { ZfsConfig } from "../config/normalize";
import { ZfsArc } from "../providers/zfs-arc";
import { ZfsPool } from "../providers/zfs-pool";
import { ZfsDataset } from "../providers/zfs-dataset";
import { ProxmoxStorage } from "../providers/proxmox-storage";

/** The resources holding `path`: those whose mountpoint is it or one of its parents. */
export function holdersOf(path: string, byMountpoint: ReadonlyMap<string, pulumi.Resource>): pulumi.Resource[] {
  return [...byMountpoint].filter(([mountpoint]) => path === mountpoint || path.startsWith(`${mountpoint}/`)).map(([, r]) => r);
}

/** Declares every ZFS-related resource of one host and returns them. */
export function declareZfs(zfs: ZfsConfig) {
  const arc = zfs.arcMaxBytes === undefined ? undefined : new ZfsArc("zfs-arc", { maxBytes: zfs.arcMaxBytes });
  const pools = new Map(
    zfs.pools.map((p) => [
      p.name,
      new ZfsPool(p.name, { name: p.name, raidLevel: p.raidLevel, disks: [...p.disks], allowWipe: p.allowWipe, allowDestroy: p.allowDestroy }),
    ]),
  );
  const datasets = zfs.datasets.map((d) => {
    // The mountpoint is set locally, as the original did at creation, so `dir` storages and
    // shares can rely on /<pool>/<name> whatever the pool root's mountpoint is.
    const properties = { mountpoint: d.mountpoint, ...d.properties };
    const dataset = new ZfsDataset(d.fullName, { fullName: d.fullName, properties, allowDestroy: d.allowDestroy }, { dependsOn: [pools.get(d.pool)!] });
    const args =
      d.storage.type === "zfspool"
        ? { storageId: d.storage.id, type: "zfspool" as const, pool: d.fullName, content: [...d.storage.content], allowAdopt: d.allowAdoptStorage }
        : { storageId: d.storage.id, type: "dir" as const, path: d.mountpoint, content: [...d.storage.content], allowAdopt: d.allowAdoptStorage };
    const storage = new ProxmoxStorage(d.storage.id, args, { dependsOn: [dataset] });
    return { dataset, storage };
  });
  return {
    arc,
    pools: [...pools.values()],
    datasets: datasets.map((d) => d.dataset),
    storages: datasets.map((d) => d.storage),
    /**
     * What holds each mountpoint, for resources that live inside one (exports, shares): every
     * dataset, and each pool's root at /<pool> (a directory made there before `zpool create`
     * would stop it: the mountpoint is not empty).
     */
    holdersByMountpoint: new Map<string, ZfsPool | ZfsDataset>([...[...pools].map(([name, pool]) => [`/${name}`, pool] as const), ...zfs.datasets.map((d, i) => [d.mountpoint, datasets[i].dataset] as const)]),
    /** Each Proxmox storage by id, for containers and templates placed on one. */
    storagesById: new Map(zfs.datasets.map((d, i) => [d.storage.id, datasets[i].storage])),
  };
}
