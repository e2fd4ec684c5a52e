// LxcTemplate inputs: one container template archive in a Proxmox storage's vztmpl cache,
// downloaded with `pveam download` (PVE::APLInfo catalog, pve-manager's pveam).
import { z } from "zod";
import { checkedString } from "../core/checked-string";
import { storageIdProblem } from "../proxmox-storage/schema";

// pveam's catalog names (aplinfo `Filename`): no path, no whitespace, an archive suffix
// `pct create` can extract (PVE::LXC::Create::restore_archive picks tar's filter from it).
const TEMPLATE_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9_.+-]*\.tar\.(gz|xz|zst|bz2)$/;

/** Why `file` cannot be a template archive name, or undefined. */
export function templateFileProblem(file: string): string | undefined {
  if (TEMPLATE_FILE_RE.test(file) && !file.includes("..")) return undefined;
  return `invalid template file "${file}" (expected a catalog name like ubuntu-24.04-standard_24.04-2_amd64.tar.zst, no directory)`;
}

export const LxcTemplateInputsSchema = z.object({
  /** Storage id of a storage whose content includes `vztmpl`. */
  storage: checkedString(storageIdProblem),
  /** Archive name as `pveam available` lists it. */
  file: checkedString(templateFileProblem),
});

export type LxcTemplateInputs = z.output<typeof LxcTemplateInputsSchema>;

/** What the host reported. */
export interface LxcTemplateObserved {
  /** The archive is in the storage (`pveam list <storage>`). */
  readonly present: boolean;
  /** The catalog offers the archive (`pveam available`); only asked when it is missing. */
  readonly inCatalog?: boolean;
  /** `pveam list` refused the storage (missing, or no vztmpl content): PVE's message. */
  readonly storageProblem?: string;
}

/** The volume id containers are created from, e.g. `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`. */
export function templateVolid(inputs: LxcTemplateInputs): string {
  return `${inputs.storage}:vztmpl/${inputs.file}`;
}
