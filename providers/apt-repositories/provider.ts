// AptRepositories lifecycle on the host:
//   inspect: cat /etc/os-release; test -f <release key>; ls /etc/apt/sources.list.d; cat each
//            source file and /etc/apt/sources.list
//   create/update: Phoenix's repository file, enterprise entries disabled in place (editHostFile)
//   delete:  Phoenix's file removed, enterprise entries enabled again
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import { testAnswer } from "../core/test-answer";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planAptRepositories, planDeleteAptRepositories } from "./plan";
import { namesProxmox } from "./sources";
import { AptRepositoriesInputsSchema, PHOENIX_LIST, PHOENIX_SOURCES, RELEASES, SOURCES_DIR, SOURCES_LIST, type AptRepositoriesInputs, type AptRepositoriesObserved } from "./schema";

async function inspectSources(runner: Runner): Promise<AptRepositoriesObserved> {
  const [osRelease, listing] = await Promise.all([readArgv(runner, inspect.catCommand(inspect.OS_RELEASE)), probe(runner, inspect.listCommand())]);
  const codename = inspect.parseCodename(osRelease);
  const release = codename === null ? undefined : RELEASES[codename];
  const paths = [SOURCES_LIST, ...inspect.parseSourceFiles(listing).map((f) => `${SOURCES_DIR}/${f}`)];
  const [keyring, ...texts] = await Promise.all([
    release ? probe(runner, inspect.keyringCommand(release.keyring)) : Promise.resolve({ code: 1, stdout: "", stderr: "" }),
    ...paths.map((p) => probe(runner, inspect.catCommand(p))),
  ]);
  const files: Record<string, string> = {};
  paths.forEach((p, i) => {
    const text = inspect.parseFile(texts[i], p);
    if (text !== null && (namesProxmox(text) || p === PHOENIX_LIST || p === PHOENIX_SOURCES)) files[p] = text;
  });
  return { codename, keyring: testAnswer(keyring, `-f ${release?.keyring ?? "(no release)"}`), files };
}

export const aptRepositoriesDefinition: ResourceDefinition<AptRepositoriesInputs, AptRepositoriesObserved> = {
  kind: "AptRepositories",
  parseInputs: (raw) => parseWith(AptRepositoriesInputsSchema, raw),
  // One per host: the channel is a setting (switching it is an update, not a replace).
  id: () => "proxmox-repositories",
  identity: [],
  label: (inputs) => `AptRepositories "${inputs.channel}"`,
  inspect: (runner) => inspectSources(runner),
  exists: () => true,
  plan: (desired, observed) => planAptRepositories(desired, observed),
  planDelete: (_inputs, observed) => planDeleteAptRepositories(observed),
  allowsDestroy: () => true,
};
