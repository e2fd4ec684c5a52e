// `node -r ts-node/register/transpile-only scripts/bench/converge.ts <lab> [lxc file]`: a lab host
// converged with the real config, for probing one phase at a time by hand (decision 0028).
// Prints the stack's name, directory and config file; leaves the lab host up.
import * as path from "node:path";
import { labUp, PROJECT } from "../../test/helpers/lab";
import { TestStack } from "../../test/helpers/pulumi-cli";

const [lab = "probe", lxc = path.join(PROJECT, "config/examples/phoenix_lxc_configs.json")] = process.argv.slice(2);
const host = labUp(lab, ["--memory", "1024G", "--gpus", "2", "--nvidia-driver", "580.76.05"]);
const stack = new TestStack(`probe-${lab}`, {
  hypervisorConfig: path.join(PROJECT, "config/examples/phoenix_hypervisor_config.json"),
  lxcConfig: lxc,
  host: host.host,
  privateKeyPath: host.privateKeyPath,
  hostKeyPath: host.hostKeyPath,
});
stack.ok(["up", "--yes", "--skip-preview", "--suppress-progress"], 3_600_000);
console.log(JSON.stringify({ name: stack.name, dir: stack.dir, configFile: stack.configFile }));
