// LxcSnapshot inputs: one named snapshot of a container (the template snapshot clones start from).
// Name rules: pve-guest-common's snapshot name format (`pve-configid`, at least 2 characters,
// at most 40), `current` and `vzdump` reserved (PVE::AbstractConfig::snapshot_create).
import { z } from "zod";
import { checkedString } from "../core/checked-string";

const SNAPSHOT_NAME_RE = /^[a-z][a-z0-9_-]+$/i;
const RESERVED = ["current", "vzdump"];

/** Why `name` cannot be a container snapshot name, or undefined. */
export function snapshotNameProblem(name: string): string | undefined {
  if (RESERVED.includes(name.toLowerCase())) return `snapshot name "${name}" is reserved by Proxmox`;
  if (SNAPSHOT_NAME_RE.test(name) && name.length <= 40) return undefined;
  return `invalid snapshot name "${name}" (a letter, then letters, digits, - or _; 2 to 40 characters)`;
}

/** Why `ctid` cannot be a Proxmox guest id (100–999999999), or undefined. */
export function ctidProblem(ctid: string): string | undefined {
  if (/^[1-9]\d{2,8}$/.test(ctid)) return undefined;
  return `invalid container id "${ctid}" (an integer from 100 to 999999999)`;
}

export const LxcSnapshotInputsSchema = z.object({
  ctid: checkedString(ctidProblem),
  name: checkedString(snapshotNameProblem),
  /**
   * A digest of what the snapshot should capture (the container's settings, later its scripts).
   * It is written into the snapshot's description, so a changed basis re-takes the snapshot and
   * the host itself says which basis a snapshot was taken from.
   */
  basis: z.string().regex(/^[0-9a-f]{8,64}$/, { message: "basis must be a hex digest" }),
});

export type LxcSnapshotInputs = z.output<typeof LxcSnapshotInputsSchema>;

/** What the host reported. */
export interface LxcSnapshotObserved {
  readonly containerExists: boolean;
  readonly present: boolean;
  /** First line of the snapshot's description, when present. */
  readonly description?: string;
}

/** The description Phoenix gives the snapshot. */
export function snapshotDescription(inputs: LxcSnapshotInputs): string {
  return `phoenix template snapshot, basis ${inputs.basis}`;
}
