// LxcContainer inputs (validated with zod) and the observed/outputs shapes the adapter stores.
// Every field maps to one part of /etc/pve/lxc/<ctid>.conf, a host directory, the container's
// firewall file or its run state; docs/decisions/0015-lxc-container.md lists the mapping.
import { z } from "zod";
import { checkedString } from "../core/checked-string";
import { absolutePathProblem } from "../core/names";
import { firewallPolicySchema, firewallRuleSchema } from "../core/firewall-file";
import { storageIdProblem } from "../proxmox-storage/schema";
import { ctidProblem, hostnameProblem, interfaceNameProblem, ipv4CidrProblem, ipv4Problem, macAddressProblem } from "../../config/schema/names";
import { rawLxcKeyProblem } from "../../config/schema/lxc-options";
import type { PctConf } from "./conf";
import type { GpuNode, HostPathStat } from "./inspect";

const ctid = checkedString(ctidProblem);
const storage = checkedString(storageIdProblem);
// Values that end up inside a PVE property string (`k=v,k=v`) must not hold its separators.
const plainPath = checkedString((v) => absolutePathProblem(v) ?? (/[,=;]/.test(v) ? `path "${v}" contains , = or ; (PVE property strings cannot hold them)` : undefined));
const gib = z.int().min(1).max(1024 * 1024);

/** Where the container comes from: a template archive, or a full clone of another container. */
export const SourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("template"),
    /** `<storage>:vztmpl/<file>` or an absolute path to the archive, as `pct create` takes it. */
    template: checkedString((v) => (v.startsWith("/") ? absolutePathProblem(v) : /^[A-Za-z][A-Za-z0-9_.-]*:\S+$/.test(v) ? undefined : `invalid template "${v}"`)),
  }),
  z.strictObject({
    kind: z.literal("clone"),
    from: ctid,
    /** The source's snapshot to clone from (its template_snapshot_name); absent: its current state. */
    snapshot: checkedString((v) => (/^[A-Za-z][A-Za-z0-9_-]{1,39}$/.test(v) ? undefined : `invalid snapshot name "${v}"`)).optional(),
  }),
]);

export const NicSchema = z.strictObject({
  index: z.int().min(0).max(31),
  name: checkedString(interfaceNameProblem),
  bridge: checkedString(interfaceNameProblem),
  ip: checkedString((v) => (v === "dhcp" || v === "manual" ? undefined : ipv4CidrProblem(v))),
  gw: checkedString(ipv4Problem).optional(),
  /** Absent: PVE generates one at create and Phoenix keeps whatever the host has. */
  hwaddr: checkedString(macAddressProblem).optional(),
  tag: z.int().min(1).max(4094).optional(),
  mtu: z.int().min(64).max(65535).optional(),
  firewall: z.boolean().default(false),
});

/** A volume allocated on a storage and mounted at `mountPoint` (mpN `<storage>:<GiB>`). */
export const VolumeSchema = z.strictObject({ storage, sizeGb: gib, mountPoint: plainPath });

/** A host directory bind-mounted at `containerPath` (mpN `<hostPath>,mp=<path>`). */
export const BindMountSchema = z.strictObject({
  hostPath: plainPath,
  containerPath: plainPath,
  readOnly: z.boolean().default(false),
  /** Ids inside the container that own the host directory (mapped +100000 when unprivileged). */
  owner: z.strictObject({ uid: z.int().min(0).max(65535), gid: z.int().min(0).max(65535) }).optional(),
});

const rawLine = z
  .strictObject({ key: z.string(), value: z.string() })
  .superRefine((e, ctx) => {
    const problem = rawLxcKeyProblem(e.key) ?? (/[\r\n]/.test(e.value) || e.value.trim() === "" ? `${e.key} needs a one-line value` : undefined);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const firewallRule = firewallRuleSchema(["in", "out"] as const);

/** The container's own firewall file `/etc/pve/firewall/<ctid>.fw`. */
export const FirewallSchema = z.strictObject({
  enabled: z.boolean(),
  policyIn: firewallPolicySchema.optional(),
  policyOut: firewallPolicySchema.optional(),
  rules: z.array(firewallRule).default([]),
});

const FEATURE_KEYS = ["nesting", "keyctl", "fuse", "mknod", "force_rw_sys", "mount"];

/** Validates LxcContainer inputs. */
export const LxcContainerInputsSchema = z
  .strictObject({
    ctid,
    hostname: checkedString(hostnameProblem),
    source: SourceSchema,
    /** Create-time only; absent: PVE's default for a new container, the source's for a clone. */
    unprivileged: z.boolean().optional(),
    memoryMb: z.int().min(16),
    /** Absent: swap is not managed (PVE's default is 512). */
    swapMb: z.int().min(0).optional(),
    cores: z.int().min(1).max(8192),
    rootfs: z.strictObject({ storage, sizeGb: gib }),
    nics: z.array(NicSchema).default([]),
    /** Empty: the container uses the host's resolv.conf (no `nameserver` key). */
    nameservers: z.array(checkedString((v) => (ipv4Problem(v) === undefined || /^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/.test(v) ? undefined : `invalid name server "${v}"`))).default([]),
    /** `features:` (nesting, keyctl, fuse, mknod, force_rw_sys: "0"/"1"; mount: `nfs;cifs`). */
    features: z.partialRecord(z.enum(FEATURE_KEYS as [string, ...string[]]), z.string().regex(/^[a-z0-9_;]+$/)).default({}),
    onboot: z.boolean().default(false),
    startup: z.strictObject({ order: z.int().min(0).optional(), up: z.int().min(0).optional() }).optional(),
    volumes: z.array(VolumeSchema).default([]),
    bindMounts: z.array(BindMountSchema).default([]),
    /** GPU indexes passed through (/dev/nvidiaN plus the shared control nodes). */
    gpus: z.array(z.int().min(0).max(255)).default([]),
    /** The NVIDIA driver (NvidiaDriver's version) that must be loaded before GPUs are passed through. */
    gpuDriverVersion: z.string().regex(/^[0-9]+(\.[0-9]+){1,2}$/).optional(),
    /** Raw `lxc.*` lines Phoenix owns in the conf (lxc_options, AppArmor, idmap, macvlan). */
    rawLxc: z.array(rawLine).default([]),
    firewall: FirewallSchema.optional(),
    /** Convert to a PVE template (`pct template`); irreversible, and a template never runs. */
    template: z.boolean().default(false),
    /** Desired run state. */
    running: z.boolean().default(true),
    /** Lets delete (and a replace) run `pct destroy` for this container. */
    allowDestroy: z.boolean().default(false),
  })
  .superRefine((inputs, ctx) => {
    const paths = [...inputs.volumes.map((v) => v.mountPoint), ...inputs.bindMounts.map((b) => b.containerPath)];
    paths.forEach((p, i) => {
      if (paths.indexOf(p) !== i) ctx.addIssue({ code: "custom", path: ["volumes"], message: `two mounts at ${p}` });
      if (p === "/") ctx.addIssue({ code: "custom", path: ["volumes"], message: "a mount at / would hide the root file system" });
    });
    const indexes = inputs.nics.map((n) => n.index);
    if (new Set(indexes).size !== indexes.length) ctx.addIssue({ code: "custom", path: ["nics"], message: "two NICs with one index" });
    if (inputs.template && inputs.running) ctx.addIssue({ code: "custom", path: ["running"], message: "a template cannot run (set running: false)" });
  });

export type LxcContainerInputs = z.output<typeof LxcContainerInputsSchema>;
export type LxcContainerRawInputs = z.input<typeof LxcContainerInputsSchema>;
export type NicInputs = z.output<typeof NicSchema>;
export type FirewallInputs = z.output<typeof FirewallSchema>;

/** What the host shows of one container, and the host facts its plan needs. */
export interface LxcContainerObserved {
  readonly exists: boolean;
  /** The conf text (kept in state without snapshot sections, `parent:` and `lock:`); parsed when planning. */
  readonly confText?: string;
  readonly status?: "running" | "stopped" | "unknown";
  /** For a clone not yet made: the source's conf (null: no such container), i.e. what `pct clone` copies. */
  readonly source?: PctConf | null;
  /** Character device majors by driver name (/proc/devices), for GPU lines. */
  readonly majors: Readonly<Record<string, number>>;
  /** /dev/nvidia* nodes on the host. */
  readonly gpuNodes: readonly GpuNode[];
  /** The desired bind mounts' host paths (null: missing). */
  readonly hostPaths: Readonly<Record<string, HostPathStat | null>>;
  /** `/etc/pve/firewall/<ctid>.fw` (null: none). */
  readonly firewallFile: string | null;
  /** The loaded NVIDIA driver (/proc/driver/nvidia/version; null: none), read when gpuDriverVersion is set. */
  readonly gpuDriverLoaded?: string | null;
  /** Containers whose disks are linked clones of this one's (live inspection only). */
  readonly linkedClones?: readonly string[];
}

export type LxcContainerOutputs = LxcContainerInputs & { readonly observed: LxcContainerObserved };
