// Schema of phoenix_hypervisor_config.json: the format family the original wrote from 2025-09 to
// 2025-11 (test/fixtures/config-corpus). Differences from the original JSON schema are listed in
// docs/decisions/0002-config-ambiguities.md, the accepted alternative forms in
// docs/decisions/0009-config-format-family.md. Cross-object rules (a dataset's pool exists,
// names are unique, ...) live in config/checks/hypervisor.ts.
import { z } from "zod";
import { adminUserNameProblem, passwordHashProblem, sshPublicKeyProblem } from "../../providers/admin-user/schema";
import { zoneNameProblem } from "../../providers/host-timezone/schema";
import { exportClientProblem, exportOptionProblem, exportPathProblem } from "../../providers/nfs-export/schema";
import {
  absolutePath,
  checkedString,
  ctid,
  hostname,
  httpUrl,
  interfaceName,
  ipv4,
  ipv4Cidr,
  nonEmptyString,
  patternString,
  port,
  secretString,
  sizeInt,
  storageId,
  username,
  wordString,
} from "./common";
import { absolutePathProblem } from "../../providers/core/names";
import { poolNameProblem } from "../../providers/zfs-pool/schema";
import { configDatasetNameProblem, sambaShareNameProblem, usernameProblem } from "./names";
import { HostFirewallSchema } from "./firewall";
import { shareFlags, shareOptionsProblem } from "../../providers/samba-share/options";
import { nameserverList, TestSuitesSchema } from "./lxc";
import { ZfsSchema } from "./zfs";

export { HostFirewallSchema };

// The AdminUser resource's rules: a hash chpasswd -e can take (or NOT_SET), one authorized_keys line.
const passwordHash = checkedString(passwordHashProblem);
const sshPublicKey = checkedString((v) => (v === "" ? undefined : sshPublicKeyProblem(v)));

/** The admin user (A.8). */
export const UsersSchema = z.strictObject({
  username: checkedString(adminUserNameProblem),
  password_hash: passwordHash,
  sudo_access: z.boolean(),
  ssh_public_key: sshPublicKey.optional(),
});

/** Paths of the original installation; unused by Phoenix, kept for compatibility. */
export const CorePathsSchema = z.strictObject({
  lxc_config_file: absolutePath.optional(),
  lxc_config_schema_file: absolutePath.optional(),
  /** Where the original keeps VM definitions; containers may depend on those VMs (checks/lxc.ts). */
  vm_config_file: absolutePath.optional(),
  hf_token_file: absolutePath.optional(),
  docker_token_file: absolutePath.optional(),
  docker_images_path: absolutePath.optional(),
  hypervisor_marker_dir: absolutePath.optional(),
  hypervisor_marker: absolutePath.optional(),
});

const vlanTag = z.int().min(1).max(4094);

/** Host network settings. */
export const NetworkSchema = z.strictObject({
  external_registry_url: z.string().optional(),
  portainer_server_ip: ipv4.optional(),
  portainer_server_port: port.optional(),
  portainer_agent_port: port.optional(),
  /** dns_nameservers: one space/comma-separated string (2025-09) or a list (2025-10 on). */
  interfaces: z.strictObject({ name: interfaceName, address: ipv4Cidr, gateway: ipv4, dns_nameservers: nameserverList }),
  default_subnet: ipv4Cidr.optional(),
  nfs_server: ipv4.optional(),
  /** The name server the host's DNS server forwards to when the primary fails. */
  fallback_dns: nameserverList.optional(),
  /** The bridge that carries the public VLANs (the original's macvlan setup). */
  public_bridge: interfaceName.optional(),
  /** VLAN sub-interfaces <public_bridge>.<tag> the original creates for macvlan and public guests. */
  macvlan_vlan_tag: vlanTag.optional(),
  public_vlan_tag: vlanTag.optional(),
  /** A routed internal bridge (vmbr100) the host NATs for its guests. */
  internal_bridge: z.strictObject({ name: interfaceName, subnet: ipv4Cidr }).optional(),
  /** Read by the original's Samba script (default WORKGROUP), absent from its schema. */
  workgroup: patternString(/^[A-Za-z0-9_-]{1,15}$/, "1 to 15 letters, digits, _ or -").optional(),
  /** Read by the original's initial setup (default phoenix), absent from its schema. */
  hostname: hostname.optional(),
});

/** Portainer image names (the original hard-codes them). */
export const DockerSchema = z.strictObject({ portainer_server_image: wordString, portainer_agent_image: wordString });

// Share paths are written relative to / ("quickOS/shared-prod-data"); a leading slash is tolerated.
const sharePath = checkedString((v) => absolutePathProblem(`/${v.replace(/^\//, "")}`) ?? (v === "" || v === "/" ? "share path is empty" : undefined));
// exportfs refuses unknown keywords (nfs-utils exports.c): the provider's rule, checked here with its JSON path.
const exportOption = checkedString(exportOptionProblem);

/** NFS exports (A.4). */
export const NfsSchema = z.strictObject({
  exports: z
    .array(
      z.strictObject({
        path: checkedString(exportPathProblem),
        clients: z.array(checkedString(exportClientProblem)).min(1),
        options: z.array(exportOption),
      }),
    )
    .optional(),
  /** The first revision's form: a dataset path and an option string, exported to network.default_subnet. */
  shares: z.array(z.strictObject({ path: sharePath, options: checkedString((v) => v.split(",").map(exportOptionProblem).find((p) => p !== undefined)) })).optional(),
});

/** Samba user and shares (A.5). */
export const SambaSchema = z.strictObject({
  /** Absent in the first revision, which has no shares. */
  user: username.optional(),
  shares: z.array(
    z.strictObject({
      /** Absent in early revisions: the share is named after the last path component. */
      name: checkedString(sambaShareNameProblem).optional(),
      path: sharePath,
      /** Ignored by the original; here its key=value pairs set the share's flags, others are refused. */
      options: checkedString(shareOptionsProblem),
      /** Absent in early revisions: samba.user. */
      valid_users: z.array(username).min(1).optional(),
      browsable: z.boolean().optional(),
      read_only: z.boolean().optional(),
      guest_ok: z.boolean().optional(),
    }).superRefine((share, ctx) => {
      const flags = shareFlags({ options: share.options, browsable: share.browsable, readOnly: share.read_only, guestOk: share.guest_ok });
      if ("problem" in flags && shareOptionsProblem(share.options) === undefined) ctx.addIssue({ code: "custom", path: ["options"], message: flags.problem });
    }),
  ),
});

// "quickOS/lxc-disks": a pool and one dataset component.
const datasetFullName = checkedString((v) => {
  const [pool, ...rest] = v.split("/");
  return poolNameProblem(pool) ?? (rest.length === 0 ? `"${v}" is not of the form <pool>/<dataset>` : configDatasetNameProblem(rest.join("/")));
});

/** A share's name: as written, or (early revisions) the last component of its path. */
export function sambaShareName(share: { name?: string; path: string }): string {
  return share.name ?? share.path.replace(/\/+$/, "").split("/").pop() ?? share.path;
}

/** Defaults the original never merges into containers (C.19). */
export const ProxmoxDefaultsSchema = z.strictObject({
  zfs_lxc_pool: datasetFullName,
  lxc: z.strictObject({
    cores: z.int().min(1).max(8192),
    memory_mb: sizeInt(512, 1024 ** 2, "MiB"),
    network_config: nonEmptyString,
    features: patternString(/^[a-z]+=[01](,[a-z]+=[01])*$/, "name=0|1 pairs separated by commas, e.g. nesting=1"),
    security: z.enum(["default", "unconfined"]),
    nesting: z.union([z.literal(0), z.literal(1)]),
  }),
});

/** VM defaults for the original's `--create-vm`; reduced to ubuntu_release once VMs moved to their own file. */
export const VmDefaultsSchema = z.strictObject({
  template: nonEmptyString.optional(),
  cores: z.int().min(1).max(8192).optional(),
  memory_mb: sizeInt(512, 1024 ** 2, "MiB").optional(),
  disk_size_gb: sizeInt(10, 1024 ** 3, "GiB").optional(),
  storage_pool: storageId.optional(),
  network_bridge: interfaceName.optional(),
  ubuntu_release: patternString(/^[a-z]+$/, "an Ubuntu code name such as noble").optional(),
});

/** One VM of `vms` (until 2025-09-28; later revisions keep VMs in phoenix_vm_configs.json). */
export const VmSchema = z.strictObject({
  name: hostname,
  cores: z.int().min(1).max(8192),
  memory_mb: sizeInt(512, 1024 ** 2, "MiB"),
  disk_size_gb: sizeInt(10, 1024 ** 3, "GiB"),
  post_create_scripts: z.array(wordString).optional(),
});

/** Host NVIDIA driver (A.6). */
export const NvidiaDriverSchema = z.strictObject({
  install: z.boolean(),
  version: patternString(/^[0-9]+(\.[0-9]+)+$/, "a dotted version such as 580.76.05"),
  runfile_url: httpUrl,
  cuda_version: patternString(/^[0-9]+\.[0-9]+$/, "major.minor, e.g. 12.8"),
  install_vllm_libs: z.boolean(),
  /** Phoenix-only: SHA-256 of the runfile; without it no driver is installed (docs/decisions/0022). */
  runfile_sha256: patternString(/^[0-9a-fA-F]{64}$/, "the runfile's SHA-256, 64 hex digits").optional(),
});

/** Flags the original never reads (A.9.1). */
export const BehaviorSchema = z.strictObject({ rollback_on_failure: z.boolean(), debug_mode: z.boolean() });

/** A host directory bind-mounted into containers (A.9.4). */
export const SharedVolumeSchema = z.strictObject({
  host_path: absolutePath,
  /** A user name or "container_root"; unused by the original. */
  owner: checkedString((v) => (v === "container_root" ? undefined : usernameProblem(v))).optional(),
  /** CTID → path inside that container. */
  mounts: z.record(ctid, absolutePath),
});

// The shipped file nests `firewall` among the volumes (C.1); it is accepted there and
// reported by the checks, every other key is a volume.
export const SharedVolumesSchema = z.strictObject({ firewall: HostFirewallSchema.optional() }).catchall(SharedVolumeSchema);

/** The Portainer admin account the original's portainer manager creates; password and key are secrets. */
export const PortainerApiSchema = z.strictObject({
  admin_user: username,
  admin_password: secretString,
  portainer_hostname: hostname.optional(),
  api_key: secretString.nullable().optional(),
});

/** The host's DNS server (the original's dnsmasq setup): upstreams and authoritative zones. */
export const DnsServerSchema = z.strictObject({
  enabled: z.boolean(),
  upstream_servers: z.array(ipv4),
  authoritative_zones: z.array(
    z.strictObject({
      zone_name: hostname,
      records: z.array(z.strictObject({ hostname, ip_internal: ipv4.optional(), ip_external: ipv4.optional() })),
    }),
  ),
});

/** The internal certificate authority (the step_ca feature of container 103). */
export const StepCaSchema = z.strictObject({
  root_ca_name: nonEmptyString,
  intermediate_ca_name: nonEmptyString,
  dns_name: hostname,
  provisioner_name: nonEmptyString,
});

/** The whole phoenix_hypervisor_config.json. */
export const HypervisorFileSchema = z.strictObject({
  version: patternString(/^[0-9]+\.[0-9]+\.[0-9]+/, "a version such as 1.0.0"),
  author: z.string().optional(),
  /** The internal DNS domain (DNS server, certificates, Traefik routes). */
  domain_name: hostname.optional(),
  users: UsersSchema,
  core_paths: CorePathsSchema.optional(),
  timezone: checkedString(zoneNameProblem).optional(),
  /**
   * Phoenix's own key: which Proxmox VE repositories the host uses. Absent: "no-subscription" (what
   * the original set up); "unmanaged" leaves the host's APT sources alone (docs/decisions/0024).
   */
  proxmox_repositories: z.enum(["no-subscription", "enterprise", "unmanaged"]).optional(),
  network: NetworkSchema,
  docker: DockerSchema.optional(),
  nfs: NfsSchema.optional(),
  samba: SambaSchema.optional(),
  /** Absent in one early revision: no pools or datasets are managed then. */
  zfs: ZfsSchema.optional(),
  /** Alias → storage id; other code (e.g. template downloads) looks storages up by alias. */
  proxmox_storage_ids: z.record(patternString(/^[A-Za-z0-9_-]+$/, "an alias of letters, digits, _ or -"), storageId).optional(),
  mount_point_base: absolutePath.optional(),
  proxmox_defaults: ProxmoxDefaultsSchema.optional(),
  vm_defaults: VmDefaultsSchema.optional(),
  vms: z.array(VmSchema).optional(),
  nvidia_driver: NvidiaDriverSchema.optional(),
  behavior: BehaviorSchema.optional(),
  shared_volumes: SharedVolumesSchema.optional(),
  firewall: HostFirewallSchema.optional(),
  /** Test suites of the original's test runner (hypervisor health checks). */
  tests: TestSuitesSchema.optional(),
  portainer_api: PortainerApiSchema.optional(),
  dns_server: DnsServerSchema.optional(),
  step_ca: StepCaSchema.optional(),
});

/** The validated hypervisor file, typed. */
export type HypervisorFile = z.infer<typeof HypervisorFileSchema>;
/** One shared volume. */
export type SharedVolume = z.infer<typeof SharedVolumeSchema>;
