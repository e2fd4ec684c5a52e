// Maps the hypervisor file's host basics to resources: time zone, node name and /etc/hosts,
// the Proxmox VE repositories, and the shared volumes' host directories.
import type * as pulumi from "@pulumi/pulumi";
import type { HypervisorConfig } from "../config/load";
import { AptRepositories } from "../providers/apt-repositories";
import { HostName, type HostNameArgs } from "../providers/host-name";
import { HostTimezone } from "../providers/host-timezone";
import { SharedVolume, type SharedVolumeArgs } from "../providers/shared-volume";

/** The node's name (absent: kept as the host has it) and the address it must resolve to. */
export function hostNameArgs(hypervisor: HypervisorConfig): HostNameArgs {
  const file = hypervisor.file;
  const name = file.network.hostname;
  return { ...(name ? { name } : {}), address: file.network.interfaces.address.split("/")[0], ...(file.domain_name ? { domain: file.domain_name } : {}) };
}

/** One SharedVolume per volume (the misplaced `firewall` block is none); owner absent = container root. */
export function sharedVolumeArgs(hypervisor: HypervisorConfig): SharedVolumeArgs[] {
  return Object.entries(hypervisor.file.shared_volumes ?? {})
    .filter(([name, v]) => name !== "firewall" && v !== undefined && "host_path" in v)
    .map(([name, v]) => {
      const volume = v as { host_path: string; owner?: string };
      const ownedBy = volume.owner ?? "container_root";
      return { name, path: volume.host_path, ownedBy, ownerDeclared: ownedBy === hypervisor.file.users.username };
    });
}

/**
 * Declares the host basics; a volume owned by the admin user waits for that account. Returns the
 * shared volume directories by host path, for the containers that mount them.
 */
export function declareHostBasics(hypervisor: HypervisorConfig, admin: pulumi.Resource): Map<string, SharedVolume> {
  const file = hypervisor.file;
  if (file.timezone) new HostTimezone("timezone", { zone: file.timezone });
  new HostName("hostname", hostNameArgs(hypervisor));
  const channel = file.proxmox_repositories ?? "no-subscription";
  if (channel !== "unmanaged") new AptRepositories("proxmox-repositories", { channel });
  const volumes = new Map<string, SharedVolume>();
  for (const args of sharedVolumeArgs(hypervisor)) {
    volumes.set(args.path, new SharedVolume(args.name, args, args.ownerDeclared ? { dependsOn: [admin] } : {}));
  }
  return volumes;
}
