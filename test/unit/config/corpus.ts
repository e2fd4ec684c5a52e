// The compatibility corpus (test/fixtures/config-corpus, written by scripts/extract-config-corpus.sh):
// every revision of the original's two config files, paired as they were committed together.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fixedCatalog } from "../../../config/features";
import { ANY_APPLICATION } from "./shipped";
import { loadConfigPair, type LoadResult } from "../../../config/load";

export const CORPUS = resolve(__dirname, "../../fixtures/config-corpus");

/** One committed pair of files and the container feature scripts that commit shipped. */
export interface Snapshot {
  readonly date: string;
  readonly commit: string;
  readonly hv: string;
  readonly lxc: string;
  readonly features: readonly string[];
}

export const SNAPSHOTS: readonly Snapshot[] = readFileSync(join(CORPUS, "snapshots.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [date, commit, hv, lxc, features] = line.split("\t");
    return { date, commit, hv, lxc, features: features.split(",") };
  });

/** Every fixture file, as `hypervisor/<name>` or `lxc/<name>`. */
export const FIXTURES: readonly string[] = ["hypervisor", "lxc"].flatMap((dir) => readdirSync(join(CORPUS, dir)).map((f) => `${dir}/${f}`));

const loaded = new Map<Snapshot, LoadResult>();

/** Loads a snapshot with the feature scripts its commit had, as the original checked them (once per test file). */
export function loadSnapshot(s: Snapshot): LoadResult {
  const result = loaded.get(s) ?? loadConfigPair(join(CORPUS, s.hv), join(CORPUS, s.lxc), { features: fixedCatalog([...s.features, "portainer"], "bin/lxc_setup"), applications: ANY_APPLICATION });
  loaded.set(s, result);
  return result;
}

/** The parsed JSON of a fixture file. */
export const readFixture = (name: string): unknown => JSON.parse(readFileSync(join(CORPUS, name), "utf8"));
