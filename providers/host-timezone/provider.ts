// HostTimezone lifecycle on the host:
//   inspect: readlink /etc/localtime; cat /etc/timezone; test -f /usr/share/zoneinfo/<zone>
//   create/update: ln -sf /usr/share/zoneinfo/<zone> /etc/localtime; /etc/timezone (editHostFile)
//   delete:  nothing (the host keeps its zone)
import type { Runner } from "../core/runner";
import { probe } from "../core/apply";
import { testAnswer } from "../core/test-answer";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planDeleteHostTimezone, planHostTimezone } from "./plan";
import { HostTimezoneInputsSchema, type HostTimezoneInputs, type HostTimezoneObserved } from "./schema";

async function inspectZone(runner: Runner, inputs: HostTimezoneInputs): Promise<HostTimezoneObserved> {
  const [link, file, known] = await Promise.all([
    probe(runner, inspect.readLinkCommand()),
    probe(runner, inspect.readTimezoneCommand()),
    probe(runner, inspect.zoneFileCommand(inputs.zone)),
  ]);
  return { link: inspect.parseReadLink(link), timezoneFile: inspect.parseTimezoneFile(file), zoneKnown: testAnswer(known, `-f zoneinfo/${inputs.zone}`) };
}

export const hostTimezoneDefinition: ResourceDefinition<HostTimezoneInputs, HostTimezoneObserved> = {
  kind: "HostTimezone",
  parseInputs: (raw) => parseWith(HostTimezoneInputsSchema, raw),
  // One time zone per host: the zone is a setting of it, not its identity.
  id: () => "timezone",
  identity: [],
  label: (inputs) => `HostTimezone "${inputs.zone}"`,
  inspect: (runner, inputs) => inspectZone(runner, inputs),
  exists: () => true,
  plan: (desired, observed) => planHostTimezone(desired, observed),
  planDelete: () => planDeleteHostTimezone(),
  allowsDestroy: () => true,
};
