// Schema of phoenix_lxc_configs.json: the format family the original wrote from 2025-09 to
// 2025-11 (test/fixtures/config-corpus), not one snapshot of it. Every key is either applied by
// the container kind (the normalised LxcConfig carries it, normalize-lxc.ts) or, for the keys
// only the original's application scripts and test runner read, typed and carried for them.
// Accepted alternative forms and why are listed in docs/decisions/0009-config-format-family.md.
// Cross-container rules (clone sources exist, no cycles, unique MAC/IP, features exist) live in
// checks/lxc.ts.
import { z } from "zod";
import {
  absolutePath,
  checkedString,
  ctid,
  hostname,
  httpUrl,
  interfaceName,
  ipv4,
  ipv4Cidr,
  macAddress,
  nonEmptyString,
  nonNegativeInt,
  patternString,
  port,
  positiveInt,
  sizeInt,
  storageId,
  uniqueArray,
} from "./common";
import { absolutePathProblem } from "../../providers/core/names";
import { ContainerFirewallSchema } from "./firewall";
import { completeIdMap, parseLxcOption, parsePveFeatures } from "./lxc-options";
import { ipv4Problem } from "./names";

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

// A CTID that refers to another container; jq -r prints 900 and "900" alike, so the original
// took either, and so does Phoenix (normalised to the string the lxc_configs keys use).
const ctidRef = z.preprocess((v) => (typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v), ctid);

/** Feature names are file names of scripts (features/<name>.sh); which exist is checked later. */
export const FEATURE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const featureName = patternString(FEATURE_NAME, "a feature script name: lower-case letters, digits, _ or -");

const portNumber = (v: string) => /^[1-9][0-9]{0,4}$/.test(v) && Number(v) <= 65535;
const portMapping = checkedString((v) => {
  const [host, container, ...rest] = v.split(":");
  const ok = rest.length === 0 && portNumber(host) && container !== undefined && portNumber(container);
  return ok ? undefined : `invalid port mapping "${v}" (expected host:container, e.g. 8080:80)`;
});

// `pct create <storage>:vztmpl/<file>` or an absolute path to the template tarball.
const templateRef = checkedString((v) => {
  if (v.startsWith("/")) return absolutePathProblem(v);
  return /^[A-Za-z][A-Za-z0-9_.-]*:\S+$/.test(v) ? undefined : `invalid template "${v}" (expected an absolute path or <storage>:vztmpl/<file>)`;
});
const fileName = patternString(/^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/, "a file name without a directory");

// resolv.conf-style name server list: one string of addresses separated by spaces, commas or
// semicolons (pct --nameserver), or a JSON list of addresses.
function nameserverProblem(address: string): string | undefined {
  if (ipv4Problem(address) === undefined || /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(address)) return undefined;
  return `invalid name server "${address}" (expected IPv4 or IPv6 addresses)`;
}
/** Name servers as one separated string or a list; normalised to a list. */
export const nameserverList = z.union([
  checkedString((v) => v.split(/[\s,;]+/).filter((a) => a !== "").map(nameserverProblem).find((p) => p !== undefined) ?? (v.trim() === "" ? "name server list is empty" : undefined)),
  z.array(checkedString(nameserverProblem)).min(1),
]);

/** Splits a name server list (either form) into addresses. */
export function nameserverAddresses(value: string | readonly string[]): string[] {
  return typeof value === "string" ? value.split(/[\s,;]+/).filter((a) => a !== "") : [...value];
}

/** A container NIC (netN): interface, bridge, static IPv4 CIDR or dhcp/manual, gateway, DNS. */
export const NetworkConfigSchema = z.strictObject({
  name: interfaceName,
  bridge: interfaceName,
  ip: z.union([z.enum(["dhcp", "manual"]), ipv4Cidr]),
  /** Absent for dhcp/manual, or a static address without a default route. */
  gw: ipv4.optional(),
  /** MAC of this NIC; for net0 the container's `mac_address` is the older spelling. */
  hwaddr: macAddress.optional(),
  /** Container DNS servers (pct --nameserver). */
  nameservers: nameserverList.optional(),
  /** The original's singular spelling; it wins over `nameservers` there, so both set is refused. */
  nameserver: nameserverList.optional(),
  /** VLAN tag on the bridge port (pct netN tag=). */
  tag: z.int().min(1).max(4094).optional(),
  mtu: z.int().min(64).max(65535).optional(),
});

/** A macvlan NIC written the one way a 2025-11 revision did (`public_interface`). */
export const PublicInterfaceSchema = z.strictObject({
  enabled: z.boolean(),
  type: z.literal("macvlan"),
  mode: z.enum(["bridge", "private", "vepa", "passthru"]),
  ip: z.union([z.literal("dhcp"), ipv4Cidr]),
  gw: ipv4.optional(),
  mac_address: macAddress.optional(),
  link: interfaceName.optional(),
});

/** A mount-point volume allocated on a Proxmox storage (pct mpN `<storage>:<size>`). */
export const VolumeSchema = z.strictObject({
  name: patternString(/^[A-Za-z0-9_-]+$/, "letters, digits, _ or -"),
  pool: storageId,
  size_gb: sizeInt(1, GIB, "GiB"),
  mount_point: absolutePath,
});

const idNumber = z.int().min(0).max(2 ** 32 - 2);

/** One explicit id mapping; LXC gets the complete map (completeIdMap). */
export const IdMapSchema = z.strictObject({
  type: z.enum(["uid", "gid", "u", "g", "both"]).optional(),
  container_id: idNumber,
  host_id: idNumber,
  size: z.int().min(1).max(65536),
});

/** A host directory or file bind-mounted into the container (pct mpN `<host path>,mp=<path>`). */
export const MountPointSchema = z
  .strictObject({
    host_path: absolutePath,
    container_path: absolutePath,
    /** Owner inside the container; the host path is chowned to the mapped ids (100000 + id). */
    owner_uid: idNumber.max(65535).optional(),
    owner_gid: idNumber.max(65535).optional(),
    read_only: z.boolean().optional(),
  })
  .superRefine((m, ctx) => {
    // The original chowns only when both are given; one alone would silently do nothing.
    if ((m.owner_uid === undefined) !== (m.owner_gid === undefined)) {
      ctx.addIssue({ code: "custom", message: "owner_uid and owner_gid go together (set both or neither)", path: [m.owner_uid === undefined ? "owner_uid" : "owner_gid"] });
    }
  });

/** Command run in the container after setup, with retries. */
export const HealthCheckSchema = z.strictObject({
  command: nonEmptyString,
  retries: positiveInt.optional(),
  interval: nonNegativeInt.optional(),
});

/** A test the original's test runner runs (`tests.<suite>[]`); paths are relative to bin/tests. */
export const TestScriptSchema = z.strictObject({
  name: nonEmptyString,
  type: z.literal("script"),
  path: checkedString((v) => (v.startsWith("/") ? `test path "${v}" must be relative to bin/tests` : absolutePathProblem(`/${v}`))),
});
export const TestSuitesSchema = z.record(patternString(/^[A-Za-z0-9_.-]+$/, "a suite name"), z.array(TestScriptSchema));

const lxcOptions = z.array(z.string()).superRefine((options, ctx) => {
  options.forEach((option, i) => {
    const parsed = parseLxcOption(option);
    if ("problem" in parsed) ctx.addIssue({ code: "custom", message: parsed.problem, path: [i] });
  });
});

const pctFeatures = z.array(z.string()).superRefine((entries, ctx) => {
  for (const { index, message } of parsePveFeatures(entries).problems) ctx.addIssue({ code: "custom", message, path: [index] });
});

const idMaps = z.array(IdMapSchema).superRefine((maps, ctx) => {
  for (const { index, message } of completeIdMap(maps).problems) ctx.addIssue({ code: "custom", message, path: [index] });
});

// AppArmor profile names as lxc.apparmor.profile takes them: unconfined, generated, or a loaded profile.
const apparmorProfile = patternString(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "unconfined, generated or a profile name");

/** Where the Traefik route of a service points (the original's generate_traefik_config.sh). */
export const TraefikServiceSchema = z.strictObject({ name: hostname, port, scheme: z.enum(["http", "https"]).optional() });

// vLLM's engine arguments grouped as the original's vllm app script reads them.
const engineValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const VllmEngineConfigSchema = z.record(z.string().min(1), z.record(z.string().min(1), engineValue));

/** One entry of `lxc_configs`, keyed by CTID. */
export const LxcContainerSchema = z.strictObject({
  name: hostname,
  /** Convert to a Proxmox template once set up (`pct template`). */
  is_template: z.boolean().optional(),
  start_at_boot: z.boolean().optional(),
  boot_order: nonNegativeInt.optional(),
  boot_delay: nonNegativeInt.optional(),
  memory_mb: sizeInt(512, MIB, "MiB"),
  swap_mb: sizeInt(0, MIB, "MiB").optional(),
  cores: z.int().min(1).max(8192),
  template: templateRef.optional(),
  /** A template file name on the ISO storage (`<storage>:vztmpl/<file>`), the later spelling of `template`. */
  template_file: fileName.optional(),
  storage_pool: storageId,
  storage_size_gb: sizeInt(1, GIB, "GiB"),
  network_config: NetworkConfigSchema,
  /** net1, added in 2025-11. */
  secondary_network_config: NetworkConfigSchema.optional(),
  public_interface: PublicInterfaceSchema.optional(),
  mac_address: macAddress.optional(),
  // The original trims each index (xargs), so "0, 1" means 0,1.
  gpu_assignment: patternString(/^(none|[0-9]{1,3}( *, *[0-9]{1,3})*)$/, "none or comma-separated GPU indexes such as 0,1").optional(),
  portainer_role: z.enum(["server", "agent", "none", "infrastructure"]).optional(),
  /** Absent: a clone keeps its source's setting; a new container gets Proxmox's default (privileged). */
  unprivileged: z.boolean().optional(),
  features: uniqueArray(featureName, (f) => `feature ${f}`).optional(),
  clone_from_ctid: ctidRef.optional(),
  template_snapshot_name: patternString(/^[A-Za-z][A-Za-z0-9_-]{1,39}$/, "a Proxmox snapshot name: a letter, then up to 39 letters, digits, _ or -").optional(),
  /** Proxmox container features (`pct set --features`), e.g. nesting=1. */
  pct_options: pctFeatures.optional(),
  /** Raw LXC keys for /etc/pve/lxc/<ctid>.conf. */
  lxc_options: lxcOptions.optional(),
  apparmor_profile: apparmorProfile.optional(),
  /** Adds lxc.apparmor.allow_nesting and the LXC nesting include, as the original does. */
  apparmor_manages_nesting: z.boolean().optional(),
  /** Take the pre-configured / final-form snapshots around feature setup. */
  enable_lifecycle_snapshots: z.boolean().optional(),
  /** Phoenix addition: may `pct destroy` run (disks included) when the container leaves the config or must be re-created. */
  allow_destroy: z.boolean().optional(),
  id_maps: idMaps.optional(),
  mount_points: z.array(MountPointSchema).optional(),
  application_script: patternString(/^[A-Za-z0-9_.-]+$/, "a script file name in bin/").optional(),
  health_check: HealthCheckSchema.optional(),
  run_integration_tests: z.boolean().optional(),
  integration_tests: z.strictObject({ script: patternString(/^[A-Za-z0-9_.-]+$/, "a script file name") }).optional(),
  tests: TestSuitesSchema.optional(),
  /** A test list some revisions put here instead of under `tests`. */
  vllm: z.array(TestScriptSchema).optional(),
  ports: z.array(portMapping).optional(),
  firewall: ContainerFirewallSchema.optional(),
  dependencies: uniqueArray(ctidRef, (id) => `container ${id}`).optional(),
  /** Dedicated volumes; `zfs_volumes` is the later name of `volumes`. */
  volumes: uniqueArray(VolumeSchema, (v) => `volume ${v.name}`).optional(),
  zfs_volumes: uniqueArray(VolumeSchema, (v) => `volume ${v.name}`).optional(),
  traefik_service: TraefikServiceSchema.optional(),
  /** The step-ca URL the trusted_ca / step_cli features bootstrap from. */
  bootstrap_ca_url: httpUrl.optional(),
  /** Re-sync the gateway (DNS, Traefik, firewall) after this container is set up. */
  trigger_sync_on_completion: z.boolean().optional(),
  vllm_engine_config: VllmEngineConfigSchema.optional(),
  vllm_model: z.string().min(1).nullable().optional(),
  vllm_served_model_name: nonEmptyString.optional(),
  vllm_model_type: z.enum(["chat", "embedding"]).optional(),
  vllm_port: port.optional(),
  vllm_tensor_parallel_size: positiveInt.optional(),
  vllm_gpu_memory_utilization: z.number().gt(0).max(1).optional(),
  vllm_max_model_len: positiveInt.optional(),
  vllm_quantization: nonEmptyString.optional(),
  vllm_trust_remote_code: z.boolean().optional(),
  vllm_parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  vllm_args: z.array(z.string()).optional(),
});

/** The whole phoenix_lxc_configs.json. */
export const LxcFileSchema = z.strictObject({
  $schema: z.string().optional(),
  nvidia_driver_version: patternString(/^[0-9]+(\.[0-9]+)+$/, "a dotted version such as 580.76.05"),
  nvidia_repo_url: httpUrl,
  nvidia_runfile_url: httpUrl,
  lxc_configs: z.record(ctid, LxcContainerSchema),
});

/** The validated LXC file, typed. */
export type LxcFile = z.infer<typeof LxcFileSchema>;
/** One validated container entry. */
export type LxcContainer = z.infer<typeof LxcContainerSchema>;
/** One NIC as written. */
export type NetworkConfig = z.infer<typeof NetworkConfigSchema>;
