// SambaShare planner: the directory (created with owner and mode, or set where they drifted), this share's block in smb.conf (checked with testparm -s before the file is
// replaced), then smbd enabled, started or reloaded so the running server serves the file.
import { planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { shareBlock, withBlock } from "./conf";
import { SMB_CONF, SMBD, SMBD_UNIT, type SambaShareInputs, type SambaShareObserved } from "./schema";

const TESTPARM = ["testparm", "-s"];
const label = (name: string) => `SambaShare "${name}"`;

function directorySteps(s: SambaShareInputs, o: SambaShareObserved): Step[] {
  const dir = o.dir;
  if (dir === null) return [step(`create the share directory ${s.path} (${s.dirOwner}:${s.dirGroup}, ${s.dirMode})`, ["install", "-d", "-m", s.dirMode, "-o", s.dirOwner, "-g", s.dirGroup, "--", s.path])];
  const ownerWrong = dir.owner !== s.dirOwner || dir.group !== s.dirGroup;
  const mode = dir.mode.padStart(4, "0");
  const modeWrong = mode !== s.dirMode;
  // install -d on an existing directory sets both, leaving its content alone: one command.
  if (ownerWrong && modeWrong) return [step(`${s.path} belongs to ${s.dirOwner}:${s.dirGroup} with mode ${s.dirMode} (was ${dir.owner}:${dir.group} ${mode})`, ["install", "-d", "-m", s.dirMode, "-o", s.dirOwner, "-g", s.dirGroup, "--", s.path])];
  if (ownerWrong) return [step(`${s.path} belongs to ${s.dirOwner}:${s.dirGroup} (was ${dir.owner}:${dir.group})`, ["chown", `${s.dirOwner}:${s.dirGroup}`, "--", s.path])];
  if (modeWrong) return [step(`${s.path} has mode ${s.dirMode} (was ${mode})`, ["chmod", s.dirMode, "--", s.path])];
  return [];
}

/** smbd enabled and running; reloaded when the file changed under a running smbd. */
function serviceSteps(o: SambaShareObserved, changed: boolean): Step[] {
  const steps: Step[] = [];
  if (!o.smbd.enabled) steps.push(step("smbd starts at boot", ["systemctl", "enable", SMBD_UNIT]));
  if (!o.smbd.active) steps.push(step("start smbd", ["systemctl", "start", SMBD_UNIT]));
  else if (changed) steps.push(step("smbd reads the new smb.conf", ["systemctl", "reload", SMBD_UNIT]));
  return steps;
}

function blocker(s: SambaShareInputs, o: SambaShareObserved): string | undefined {
  if (!o.smbd.installed) return `Samba is not installed on the host (no ${SMBD}); install the samba package first`;
  if (o.conflict !== null) return o.conflict;
  if (o.dir !== null && o.dir.type !== "directory") return `${s.path} is a ${o.dir.type}, not a directory; move it away first`;
  return undefined;
}

export function planSambaShare(desired: SambaShareInputs, observed: SambaShareObserved): Plan {
  const why = blocker(desired, observed);
  if (why !== undefined) return refuse(`${label(desired.name)}: ${why}`);
  const edit = planFileEdit(SMB_CONF, observed.conf, (current) => withBlock(current, desired.name, shareBlock(desired)), { mode: 0o644, verify: TESTPARM });
  const steps = [...directorySteps(desired, observed), ...(edit ? [fileEditStep(`share ${desired.path} as [${desired.name}] for ${desired.validUsers.join(", ")}`, edit)] : []), ...serviceSteps(observed, edit !== undefined)];
  return planSteps(steps);
}

/** Removing the share: its block goes and a running smbd reloads. The directory and its data stay. */
export function planDeleteSambaShare(inputs: SambaShareInputs, observed: SambaShareObserved): Plan {
  if (observed.block === null) return planSteps([]);
  if (observed.conflict !== null) return refuse(`${label(inputs.name)}: ${observed.conflict}`);
  const edit = planFileEdit(SMB_CONF, observed.conf, (current) => withBlock(current, inputs.name, null), { verify: TESTPARM });
  const steps: Step[] = edit ? [fileEditStep(`stop sharing ${inputs.path} as [${inputs.name}] (the directory stays)`, edit)] : [];
  if (edit && observed.smbd.active) steps.push(step("smbd reads the new smb.conf", ["systemctl", "reload", SMBD_UNIT]));
  return planSteps(steps);
}
