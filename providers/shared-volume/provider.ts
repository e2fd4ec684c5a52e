// SharedVolume lifecycle on the host:
//   inspect: stat -c %F|%u|%g <path>; getent passwd <owner>; find <path> -maxdepth 1 -quit
//   create/update: mkdir -p <path>; chown <uid:gid> <path> (never recursive)
//   delete:  nothing (the directory holds data)
import type { Runner } from "../core/runner";
import { probe, probeExpecting } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planDeleteSharedVolume, planSharedVolume } from "./plan";
import { CONTAINER_ROOT, SharedVolumeInputsSchema, type SharedVolumeInputs, type SharedVolumeObserved } from "./schema";

async function inspectVolume(runner: Runner, inputs: SharedVolumeInputs): Promise<SharedVolumeObserved> {
  const [stat, user, content] = await Promise.all([
    probe(runner, inspect.statCommand(inputs.path)),
    inputs.ownedBy === CONTAINER_ROOT ? Promise.resolve(undefined) : probeExpecting(runner, inspect.passwdCommand(inputs.ownedBy), (r) => r.code === 2),
    probe(runner, inspect.contentCommand(inputs.path)),
  ]);
  return { stat: inspect.parseStat(stat), user: user === undefined ? null : inspect.parseUser(user), hasContent: inspect.parseHasContent(content) };
}

export const sharedVolumeDefinition: ResourceDefinition<SharedVolumeInputs, SharedVolumeObserved> = {
  kind: "SharedVolume",
  parseInputs: (raw) => parseWith(SharedVolumeInputsSchema, raw),
  id: (inputs) => inputs.path,
  identity: ["path"],
  label: (inputs) => `SharedVolume "${inputs.name}"`,
  inspect: (runner, inputs) => inspectVolume(runner, inputs),
  // Files come and go inside: state keeps the directory's own facts only.
  snapshot: (observed) => ({ ...observed, hasContent: false }),
  exists: (observed) => observed.stat !== null,
  plan: (desired, observed) => planSharedVolume(desired, observed),
  planDelete: (inputs, observed) => planDeleteSharedVolume(inputs, observed),
  allowsDestroy: () => true,
};
