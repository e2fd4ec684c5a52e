// Schema of phoenix_lxc_configs.json as the original ships it (8350cab). Besides the keys of
// the original JSON schema it covers the keys the shipped file carries outside it (volumes,
// vllm_parameters, vllm_quantization, vllm_trust_remote_code, integration_tests, C.1) and the
// features the scripts implement but the schema enum forgot (ollama, python_api_service).
// Cross-container rules (clone sources exist, no cycles, unique MAC/IP) live in checks/lxc.ts.
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
  macAddress,
  nonEmptyString,
  nonNegativeInt,
  patternString,
  positiveInt,
  storageId,
  uniqueArray,
  wordString,
} from "./common";
import { absolutePathProblem } from "../../providers/core/names";

/** Feature scripts the original implements, applied in list order. */
export const LXC_FEATURES = ["base_setup", "nvidia", "docker", "vllm", "portainer", "ollama", "python_api_service"] as const;

const portNumber = (v: string) => /^[1-9][0-9]{0,4}$/.test(v) && Number(v) <= 65535;
const portString = checkedString((v) => (portNumber(v) ? undefined : `invalid port "${v}" (expected 1 to 65535)`));
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

/** net0 of a container: interface, bridge, static IPv4 CIDR and gateway. */
export const NetworkConfigSchema = z.strictObject({
  name: interfaceName,
  bridge: interfaceName,
  ip: ipv4Cidr,
  gw: ipv4,
});

/** One container firewall rule (not applied by the original, A.7). */
export const FirewallRuleSchema = z.strictObject({
  type: z.enum(["in", "out"]),
  action: firewallPolicy,
  source: ipv4.optional(),
  dest: ipv4.optional(),
  proto: z.enum(["tcp", "udp"]),
  port: portString,
});

// The original schema requires `rules` when enabled is true, but the shipped 953 has
// `{ "enabled": true }` alone; that is read as "enabled, no extra rules".
export const ContainerFirewallSchema = z.strictObject({
  enabled: z.boolean(),
  rules: z.array(FirewallRuleSchema).optional(),
});

/** A dedicated mount-point volume allocated on a Proxmox storage (mpN). */
export const VolumeSchema = z.strictObject({
  name: patternString(/^[A-Za-z0-9_-]+$/, "letters, digits, _ or -"),
  pool: storageId,
  size_gb: positiveInt,
  mount_point: absolutePath,
});

/** Command run in the container after setup, with retries. */
export const HealthCheckSchema = z.strictObject({
  command: nonEmptyString,
  retries: positiveInt.optional(),
  interval: nonNegativeInt.optional(),
});

/** One entry of `lxc_configs`, keyed by CTID. */
export const LxcContainerSchema = z.strictObject({
  name: hostname,
  start_at_boot: z.boolean().optional(),
  boot_order: nonNegativeInt.optional(),
  boot_delay: nonNegativeInt.optional(),
  memory_mb: z.int().min(512),
  swap_mb: nonNegativeInt.optional(),
  cores: positiveInt,
  template: templateRef.optional(),
  storage_pool: storageId,
  storage_size_gb: z.int().min(10),
  network_config: NetworkConfigSchema,
  mac_address: macAddress.optional(),
  gpu_assignment: patternString(/^(none|[0-9]+(,[0-9]+)*)$/, 'none or comma-separated GPU indexes such as 0,1').optional(),
  portainer_role: z.enum(["server", "agent", "none", "infrastructure"]),
  unprivileged: z.boolean(),
  features: uniqueArray(z.enum(LXC_FEATURES), (f) => `feature ${f}`).optional(),
  clone_from_ctid: ctid.optional(),
  template_snapshot_name: patternString(/^[A-Za-z][A-Za-z0-9_-]{1,39}$/, "a Proxmox snapshot name: a letter, then up to 39 letters, digits, _ or -").optional(),
  pct_options: z.array(wordString).optional(),
  application_script: patternString(/^[A-Za-z0-9_.-]+$/, "a script file name in bin/").optional(),
  health_check: HealthCheckSchema.optional(),
  run_integration_tests: z.boolean().optional(),
  integration_tests: z.strictObject({ script: patternString(/^[A-Za-z0-9_.-]+$/, "a script file name") }).optional(),
  ports: z.array(portMapping).optional(),
  firewall: ContainerFirewallSchema.optional(),
  dependencies: uniqueArray(ctid, (id) => `container ${id}`).optional(),
  volumes: uniqueArray(VolumeSchema, (v) => `volume ${v.name}`).optional(),
  vllm_model: z.string().min(1).nullable().optional(),
  vllm_served_model_name: nonEmptyString.optional(),
  vllm_model_type: z.enum(["chat", "embedding"]).optional(),
  vllm_port: z.int().min(1).max(65535).optional(),
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
