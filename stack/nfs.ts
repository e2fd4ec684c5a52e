// Maps the hypervisor file's NFS block to NfsExport resources, each after the dataset it exports.
import type * as pulumi from "@pulumi/pulumi";
import type { HypervisorConfig } from "../config/load";
import { NfsExport, type NfsExportArgs } from "../providers/nfs-export";
import { holdersOf } from "./zfs";

/**
 * One NfsExport per exported path: `nfs.exports[]` as written (the same options for every
 * client), or the first revision's `nfs.shares[]` (a dataset path relative to /, exported to
 * `network.default_subnet`, as the original wrote it).
 */
export function nfsExports(hypervisor: HypervisorConfig): NfsExportArgs[] {
  const nfs = hypervisor.file.nfs;
  if (!nfs) return [];
  const exports = (nfs.exports ?? []).map((e) => ({ path: e.path, clients: e.clients.map((host) => ({ host, options: [...e.options] })) }));
  // The config checks refuse shares without a default subnet.
  const subnet = hypervisor.file.network?.default_subnet;
  const shares = (nfs.shares ?? []).map((s) => ({ path: `/${s.path.replace(/^\//, "")}`, clients: [{ host: subnet as string, options: s.options.split(",") }] }));
  return [...exports, ...shares];
}

/** Declares the exports; each depends on the datasets whose mountpoint holds its path. */
export function declareNfs(hypervisor: HypervisorConfig, holdersByMountpoint: ReadonlyMap<string, pulumi.Resource>) {
  return nfsExports(hypervisor).map((args) => {
    const holders = holdersOf(args.path, holdersByMountpoint);
    return new NfsExport(args.path, args, { dependsOn: holders });
  });
}
