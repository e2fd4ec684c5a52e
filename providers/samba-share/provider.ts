// SambaShare lifecycle on the host:
//   inspect: cat /etc/samba/smb.conf; stat <path>; stat /usr/sbin/smbd; systemctl is-active/is-enabled smbd
//   create/update: install -d / chown / chmod the directory; this share's block (editHostFile,
//            testparm -s on the temporary file before the rename); systemctl enable/start/reload smbd
//   delete:  the block goes (testparm -s), smbd reloads; the directory and its data stay
import type { Runner } from "../core/runner";
import { probe } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import { blockOf, conflictIn } from "./conf";
import * as inspect from "./inspect";
import { planDeleteSambaShare, planSambaShare } from "./plan";
import { SambaShareInputsSchema, SMB_CONF, SMBD, SMBD_UNIT, type SambaShareInputs, type SambaShareObserved } from "./schema";

async function inspectShare(runner: Runner, inputs: SambaShareInputs): Promise<SambaShareObserved> {
  const [conf, dir, smbd, active, enabled] = await Promise.all([
    probe(runner, inspect.catCommand(SMB_CONF)),
    probe(runner, inspect.statCommand(inputs.path)),
    probe(runner, inspect.statCommand(SMBD)),
    probe(runner, inspect.isActiveCommand(SMBD_UNIT)),
    probe(runner, inspect.isEnabledCommand(SMBD_UNIT)),
  ]);
  const content = inspect.parseCat(conf, SMB_CONF);
  const installed = inspect.parseStat(smbd) !== null;
  return {
    conf: content,
    block: blockOf(content, inputs.name),
    conflict: conflictIn(content, inputs.name),
    dir: inspect.parseStat(dir),
    smbd: { installed, active: installed && inspect.parseIsActive(active), enabled: installed && inspect.parseIsEnabled(enabled) },
  };
}

export const sambaShareDefinition: ResourceDefinition<SambaShareInputs, SambaShareObserved> = {
  kind: "SambaShare",
  parseInputs: (raw) => parseWith(SambaShareInputsSchema, raw),
  id: (inputs) => inputs.name,
  identity: ["name"],
  label: (inputs) => `SambaShare "${inputs.name}"`,
  inspect: (runner, inputs) => inspectShare(runner, inputs),
  // Other shares' blocks change under this one: state keeps only this share's block.
  snapshot: (observed) => ({ ...observed, conf: observed.block }),
  exists: (observed) => observed.block !== null,
  plan: (desired, observed) => planSambaShare(desired, observed),
  planDelete: (inputs, observed) => planDeleteSambaShare(inputs, observed),
  // Removing a share stops access only; the directory and its data stay.
  allowsDestroy: () => true,
};
