// The Phoenix program: load and validate the two JSON files, then declare one resource per entry.
// It never touches the host itself; a config error stops here, before any host command runs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseDirList } from "./config/dir-list";
import { defaultApplicationDirs, defaultFeatureDirs, directoryCatalog } from "./config/features";
import { formatProblems, loadConfigPair } from "./config/load";
import { PROJECT_DIR } from "./config/project-dir";
import { declareHostBasics } from "./stack/host";
import { declareFirewall } from "./stack/firewall";
import { declareLxc } from "./stack/lxc";
import { declareNfs } from "./stack/nfs";
import { declareNvidia } from "./stack/nvidia";
import { declareSamba } from "./stack/samba";
import { declareUsers } from "./stack/users";
import { declareZfs } from "./stack/zfs";
import { resolveTokens, tokensInUse } from "./stack/tokens";
import { parsePolicy } from "./providers/adapter/policy";
import { claimHostFor } from "./providers/adapter/resource";
import { PhoenixHost } from "./providers/phoenix-host";
import { DEFINITIONS } from "./providers/registry";
import { forbiddenSettings, resolveConnectionSettings } from "./providers/ssh/settings";

const stack = new pulumi.Config("phoenix");
const fromProject = (p: string) => path.resolve(PROJECT_DIR, p);

// The providers connect at run time; checking the settings here (key file readable and a
// private key, pin parseable, port and user valid, no secret in the stack config) makes
// `preview` refuse them before any resource is registered and before any host command.
const settings = Object.fromEntries(["host", "port", "user", "privateKeyPath", "hostKey", "hostKeyPath", "allowDestroy"].map((k) => [k, stack.get(k)]));
const secretsInConfig = forbiddenSettings(Object.fromEntries(["privateKey", "privateKeyPassphrase"].map((k) => [k, stack.getSecret(k) === undefined ? undefined : "set"])));
if (secretsInConfig.length > 0) throw new pulumi.RunError(secretsInConfig.join("\n"));
try {
  resolveConnectionSettings(settings, (p) => fs.readFileSync(p, "utf8"), PROJECT_DIR, process.env.SSH_AUTH_SOCK);
  parsePolicy(settings.allowDestroy, Object.keys(DEFINITIONS));
} catch (err) {
  throw new pulumi.RunError(`stack config: ${(err as Error).message}`);
}

// Feature scripts: features/ next to the LXC file, then `phoenix:featureDirs` (a JSON list or
// comma-separated paths; the lab stack names the lab's network-free stand-ins), then the shipped
// ones. Application scripts: bin/ next to the LXC file, then `phoenix:applicationDirs`.
const hypervisorFile = fromProject(stack.require("hypervisorConfig"));
const lxcPath = fromProject(stack.require("lxcConfig"));
const featureCatalog = directoryCatalog(defaultFeatureDirs(lxcPath, parseDirs("featureDirs").map(fromProject)));
const applicationCatalog = directoryCatalog(defaultApplicationDirs(lxcPath, parseDirs("applicationDirs").map(fromProject)), "");
const loaded = loadConfigPair(hypervisorFile, lxcPath, { features: featureCatalog, applications: applicationCatalog });
// One line per warning, invisible and control characters escaped (formatProblems).
for (const warning of loaded.warnings) pulumi.log.warn(formatProblems([warning]).replace(/^warning\s+/, ""));
if (!loaded.ok) {
  throw new pulumi.RunError(`the configuration has errors; nothing was sent to the host:\n${formatProblems(loaded.errors)}`);
}

// One stack per host: the claim is declared first and every other resource depends on it and
// carries its id, so a second stack stops before touching a host this one manages.
const takeOver = stack.get("takeOverHost");
const claim = new PhoenixHost("host", {
  stack: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  where: `${os.hostname()}:${PROJECT_DIR}`,
  ...(takeOver ? { takeOver } : {}),
});
claimHostFor(claim);

const zfs = declareZfs(loaded.hypervisor.zfs);
declareNfs(loaded.hypervisor, zfs.holdersByMountpoint);
const admin = declareUsers(loaded.hypervisor, hypervisorFile);
const sharedVolumes = declareHostBasics(loaded.hypervisor, admin);
// Tokens only for scripts that declare them; a token file is read here, on the workstation.
const tokens = resolveTokens(tokensInUse(loaded.containers.containers, featureCatalog, applicationCatalog), {
  stackSecret: (key) => stack.getSecret(key),
  files: { hf_token: loaded.hypervisor.file.core_paths?.hf_token_file, docker_token: loaded.hypervisor.file.core_paths?.docker_token_file },
});
if (tokens.errors.length > 0) throw new pulumi.RunError(`tokens: ${tokens.errors.join("\n")}`);
for (const warning of tokens.warnings) pulumi.log.warn(warning);
declareLxc(loaded.containers, loaded.hypervisor, zfs.storagesById, sharedVolumes, declareNvidia(loaded.hypervisor), {
  features: featureCatalog,
  applications: applicationCatalog,
  settings: {
    ...loaded.lxc,
    cuda_version: loaded.hypervisor.file.nvidia_driver?.cuda_version,
    portainer: {
      serverImage: loaded.hypervisor.file.docker?.portainer_server_image,
      agentImage: loaded.hypervisor.file.docker?.portainer_agent_image,
      serverPort: loaded.hypervisor.file.network?.portainer_server_port,
      agentPort: loaded.hypervisor.file.network?.portainer_agent_port,
    },
  },
  tokens: tokens.values,
});
declareFirewall(loaded.hypervisor);
declareSamba(loaded.hypervisor, zfs.holdersByMountpoint, admin);

function parseDirs(key: string): string[] {
  try {
    return parseDirList("stack config", key, stack.get(key));
  } catch (err) {
    throw new pulumi.RunError((err as Error).message);
  }
}
