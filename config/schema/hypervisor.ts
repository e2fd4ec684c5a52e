// Schema of phoenix_hypervisor_config.json as the original ships it (8350cab), key for key.
// Required keys follow the original JSON schema; the deliberate differences are listed in
// docs/decisions/0002-config-ambiguities.md. Cross-object rules (a dataset's pool exists,
// names are unique, ...) live in config/checks/hypervisor.ts.
import { z } from "zod";
import {
  absolutePath,
  checkedString,
  ctid,
  firewallPolicy,
  hostname,
  httpUrl,
  interfaceName,
  ipv4,
  ipv4Cidr,
  nonEmptyString,
  patternString,
  port,
  positiveInt,
  storageId,
  username,
  wordString,
} from "./common";
import { absolutePathProblem } from "../../providers/core/names";
import { poolNameProblem } from "../../providers/zfs-pool/schema";
import { configDatasetNameProblem, ipv4Problem, sambaShareNameProblem, usernameProblem } from "./names";
import { ZfsSchema } from "./zfs";

// chpasswd -e reads `user:hash` lines, so a colon or newline in the hash would corrupt them.
const passwordHash = patternString(/^[^:\n\r]+$/, 'a crypt(3) hash or "NOT_SET"');
const SSH_KEY = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n\r]*)?$/;
const sshPublicKey = checkedString((v) => (v === "" || SSH_KEY.test(v) ? undefined : "invalid SSH public key (expected one line: <type> <base64> [comment])"));

/** The admin user (A.8). */
export const UsersSchema = z.strictObject({
  username,
  password_hash: passwordHash,
  sudo_access: z.boolean(),
  ssh_public_key: sshPublicKey.optional(),
});

/** Paths of the original installation; unused by Phoenix, kept for compatibility. */
export const CorePathsSchema = z.strictObject({
  lxc_config_file: absolutePath,
  lxc_config_schema_file: absolutePath,
  hf_token_file: absolutePath,
  docker_token_file: absolutePath,
  docker_images_path: absolutePath,
  hypervisor_marker_dir: absolutePath,
  hypervisor_marker: absolutePath,
});

// resolv.conf-style list: addresses separated by spaces or commas.
const nameservers = checkedString((v) => {
  const bad = v.split(/[\s,]+/).find((a) => ipv4Problem(a) !== undefined && !/^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(a));
  return bad === undefined ? undefined : `invalid name server "${bad}" (expected IPv4 or IPv6 addresses separated by spaces)`;
});

/** Host network settings; only `interfaces` is applied by the original. */
export const NetworkSchema = z.strictObject({
  external_registry_url: z.string(),
  portainer_server_ip: ipv4,
  portainer_server_port: port,
  portainer_agent_port: port,
  interfaces: z.strictObject({ name: interfaceName, address: ipv4Cidr, gateway: ipv4, dns_nameservers: nameservers }),
  default_subnet: ipv4Cidr,
  nfs_server: ipv4,
  /** Read by the original's Samba script (default WORKGROUP), absent from its schema. */
  workgroup: patternString(/^[A-Za-z0-9_-]{1,15}$/, "1 to 15 letters, digits, _ or -").optional(),
  /** Read by the original's initial setup (default phoenix), absent from its schema. */
  hostname: hostname.optional(),
});

/** Portainer image names (the original hard-codes them). */
export const DockerSchema = z.strictObject({ portainer_server_image: wordString, portainer_agent_image: wordString });

/** NFS exports (A.4); empty in the shipped file. */
export const NfsSchema = z.strictObject({
  exports: z.array(
    z.strictObject({
      path: absolutePath,
      clients: z.array(patternString(/^[^\s()]+$/, "a host, address, network or wildcard without spaces or parentheses")).min(1),
      options: z.array(patternString(/^[^\s(),]+$/, "one export option without spaces, commas or parentheses")),
    }),
  ),
});

// Share paths are written relative to / ("quickOS/shared-prod-data"); a leading slash is tolerated.
const sharePath = checkedString((v) => absolutePathProblem(`/${v.replace(/^\//, "")}`) ?? (v === "" || v === "/" ? "share path is empty" : undefined));

/** Samba user and shares (A.5). */
export const SambaSchema = z.strictObject({
  user: username,
  shares: z.array(
    z.strictObject({
      name: checkedString(sambaShareNameProblem),
      path: sharePath,
      /** Ignored by the original, which writes fixed options; kept for compatibility. */
      options: z.string(),
      valid_users: z.array(username).min(1),
      browsable: z.boolean().optional(),
      read_only: z.boolean().optional(),
      guest_ok: z.boolean().optional(),
    }),
  ),
});

// "quickOS/lxc-disks": a pool and one dataset component.
const datasetFullName = checkedString((v) => {
  const [pool, ...rest] = v.split("/");
  return poolNameProblem(pool) ?? (rest.length === 0 ? `"${v}" is not of the form <pool>/<dataset>` : configDatasetNameProblem(rest.join("/")));
});

/** Defaults the original never merges into containers (C.19). */
export const ProxmoxDefaultsSchema = z.strictObject({
  zfs_lxc_pool: datasetFullName,
  lxc: z.strictObject({
    cores: positiveInt,
    memory_mb: z.int().min(512),
    network_config: nonEmptyString,
    features: patternString(/^[a-z]+=[01](,[a-z]+=[01])*$/, "name=0|1 pairs separated by commas, e.g. nesting=1"),
    security: z.enum(["default", "unconfined"]),
    nesting: z.union([z.literal(0), z.literal(1)]),
  }),
});

/** VM defaults for the original's `--create-vm`. */
export const VmDefaultsSchema = z.strictObject({
  template: nonEmptyString,
  cores: positiveInt,
  memory_mb: z.int().min(512),
  disk_size_gb: z.int().min(10),
  storage_pool: storageId,
  network_bridge: interfaceName,
});

/** One VM of `vms`. */
export const VmSchema = z.strictObject({
  name: hostname,
  cores: positiveInt,
  memory_mb: z.int().min(512),
  disk_size_gb: z.int().min(10),
  post_create_scripts: z.array(wordString).optional(),
});

/** Host NVIDIA driver (A.6). */
export const NvidiaDriverSchema = z.strictObject({
  install: z.boolean(),
  version: patternString(/^[0-9]+(\.[0-9]+)+$/, "a dotted version such as 580.76.05"),
  runfile_url: httpUrl,
  cuda_version: patternString(/^[0-9]+\.[0-9]+$/, "major.minor, e.g. 12.8"),
  install_vllm_libs: z.boolean(),
});

/** Flags the original never reads (A.9.1). */
export const BehaviorSchema = z.strictObject({ rollback_on_failure: z.boolean(), debug_mode: z.boolean() });

/** The datacenter firewall block (top level, or misplaced under shared_volumes as shipped). */
export const HostFirewallSchema = z.strictObject({
  enabled: z.boolean(),
  default_input_policy: firewallPolicy,
  default_output_policy: firewallPolicy,
});

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

/** The whole phoenix_hypervisor_config.json. */
export const HypervisorFileSchema = z.strictObject({
  version: patternString(/^[0-9]+\.[0-9]+\.[0-9]+/, "a version such as 1.0.0"),
  author: z.string(),
  users: UsersSchema,
  core_paths: CorePathsSchema,
  timezone: patternString(/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/, "a time zone such as America/New_York or UTC"),
  network: NetworkSchema,
  docker: DockerSchema,
  nfs: NfsSchema,
  samba: SambaSchema,
  zfs: ZfsSchema,
  /** Alias → storage id; other code (e.g. template downloads) looks storages up by alias. */
  proxmox_storage_ids: z.record(patternString(/^[A-Za-z0-9_-]+$/, "an alias of letters, digits, _ or -"), storageId),
  mount_point_base: absolutePath,
  proxmox_defaults: ProxmoxDefaultsSchema,
  vm_defaults: VmDefaultsSchema,
  vms: z.array(VmSchema),
  nvidia_driver: NvidiaDriverSchema,
  behavior: BehaviorSchema,
  shared_volumes: SharedVolumesSchema,
  firewall: HostFirewallSchema.optional(),
});

/** The validated hypervisor file, typed. */
export type HypervisorFile = z.infer<typeof HypervisorFileSchema>;
/** The datacenter firewall block. */
export type HostFirewall = z.infer<typeof HostFirewallSchema>;
/** One shared volume. */
export type SharedVolume = z.infer<typeof SharedVolumeSchema>;
