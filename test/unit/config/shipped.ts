// Helpers for tests that start from the shipped config files and change one thing.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fixedCatalog, type ScriptCatalog } from "../../../config/features";
import { EMPTY_HEADER } from "../../../config/script-header";
import { validateConfigPair, type LoadResult } from "../../../config/load";

export const EXAMPLES = resolve(__dirname, "../../../config/examples");
export const HV_NAME = "phoenix_hypervisor_config.json";
export const LXC_NAME = "phoenix_lxc_configs.json";
export const HV_PATH = join(EXAMPLES, HV_NAME);
export const LXC_PATH = join(EXAMPLES, LXC_NAME);
/** The lab's stand-ins for the example's application scripts (the original's bin/ is not shipped). */
export const LAB_APPLICATIONS = resolve(__dirname, "../../../lab/applications");
export const WITH_LAB_APPLICATIONS = { extraApplicationDirs: [LAB_APPLICATIONS] };

/** Parsed JSON that tests mutate freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations reach into arbitrary JSON
export type Json = any;

export const shippedHv = (): Json => JSON.parse(readFileSync(HV_PATH, "utf8"));
export const shippedLxc = (): Json => JSON.parse(readFileSync(LXC_PATH, "utf8"));

/** The feature scripts the original shipped at 8350cab; variants are checked against these. */
export const ORIGINAL_FEATURES = fixedCatalog(["base_setup", "nvidia", "docker", "vllm", "portainer", "ollama", "python_api_service"], "bin/lxc_setup");

/** The original's bin/ application scripts are not in this project: every name is taken as present. */
export const ANY_APPLICATION: ScriptCatalog = {
  searched: ["bin"],
  find: (name) => `bin/${name}`,
  header: () => EMPTY_HEADER,
  hasBeside: () => true,
};

/** Validates copies of the shipped files after `mutate` changed them. */
export function variant(mutate: (hv: Json, lxc: Json) => void): LoadResult {
  const hv = shippedHv();
  const lxc = shippedLxc();
  mutate(hv, lxc);
  return validateConfigPair({ file: HV_NAME, value: hv }, { file: LXC_NAME, value: lxc }, { features: ORIGINAL_FEATURES, applications: ANY_APPLICATION });
}

type Located = { path: string; message: string };

/** `<path>: <message>` per problem, the form the tables pin. */
export const lines = (problems: readonly Located[]): string[] => problems.map((p) => `${p.path}: ${p.message}`);

/** The errors of a result as `<path>: <message>` lines; none when it is ok. */
export const errorsOf = (result: LoadResult): string[] => (result.ok ? [] : lines(result.errors));

const SHIPPED_WARNINGS = lines(variant(() => {}).warnings);

/** Warnings a variant produces beyond the three the shipped files always produce. */
export const newWarnings = (result: LoadResult): string[] => lines(result.warnings).filter((w) => !SHIPPED_WARNINGS.includes(w));
