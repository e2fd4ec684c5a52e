// SharedVolume inputs: a host directory that containers bind-mount (the hypervisor file's
// `shared_volumes.<name>`), and who owns it: container root (uid/gid 100000 under PVE's default
// unprivileged id map, as the original chowned it) or a host user resolved on the host.
import { z } from "zod";
import { usernameProblem } from "../../config/schema/names";
import { checkedString } from "../core/checked-string";
import { absolutePathProblem } from "../core/names";

export const CONTAINER_ROOT = "container_root";
/** Root of an unprivileged container under PVE's default map (lxc.idmap u 0 100000 65536). */
export const CONTAINER_ROOT_ID = 100000;

export const SharedVolumeInputsSchema = z.object({
  /** The volume's name in the config (for messages only). */
  name: z.string().min(1),
  path: checkedString((p) => absolutePathProblem(p) ?? (p === "/" ? "a shared volume cannot be /" : undefined)),
  /** "owner" is the adapter's host claim (adapter/state.ts): the config's `owner` is `ownedBy` here. */
  ownedBy: checkedString((v) => (v === CONTAINER_ROOT ? undefined : usernameProblem(v))).default(CONTAINER_ROOT),
  /** The owner is an account this stack creates (the admin user): missing at preview is expected. */
  ownerDeclared: z.boolean().default(false),
});
export type SharedVolumeInputs = z.output<typeof SharedVolumeInputsSchema>;

export interface SharedVolumeObserved {
  /** `stat -c %F|%u|%g`, or null when the path does not exist. */
  readonly stat: { readonly type: string; readonly uid: number; readonly gid: number } | null;
  /** The named owner's uid and primary gid (getent), null when there is no such user or the owner is container root. */
  readonly user: { readonly uid: number; readonly gid: number } | null;
  /** The directory holds entries (only for the plan's message; not kept in state). */
  readonly hasContent: boolean;
}
