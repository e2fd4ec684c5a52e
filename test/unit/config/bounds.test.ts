// Every number a config file holds is bounded by the schema (issue 11, item 6): set any numeric
// leaf of the shipped files or the newest corpus revision to a value the engine cannot carry and
// the result is refused at that JSON path, or accepted with every normalised number still an
// exact, non-negative integer (no Infinity or lost precision reaches a provider).
import { describe, expect, it } from "vitest";
import { validateConfigPair, type LoadResult } from "../../../config/load";
import { fixedCatalog } from "../../../config/features";
import { readFixture, SNAPSHOTS } from "./corpus";
import { ANY_APPLICATION, ORIGINAL_FEATURES, shippedHv, shippedLxc, type Json } from "./shipped";

type Path = (string | number)[];

function numericLeaves(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (typeof value === "number") out.push(path);
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) numericLeaves(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

function setAt(doc: Json, path: Path, value: unknown): void {
  let node = doc;
  for (const part of path.slice(0, -1)) node = node[part];
  node[path[path.length - 1]] = value;
}

// Numbers in what providers receive; `file` and `entry` are the documents as written.
function normalisedNumbers(result: LoadResult & { ok: true }): number[] {
  const out: number[] = [];
  const walk = (v: unknown, key = ""): void => {
    if (key === "file" || key === "entry") return;
    if (typeof v === "number") out.push(v);
    else if (typeof v === "object" && v !== null) for (const [k, c] of Object.entries(v)) walk(c, k);
  };
  walk({ hypervisor: result.hypervisor, containers: result.containers });
  return out;
}

const render = (path: Path) => "$" + path.map((p) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join("");
const HUGE = [1e300, 1e11, 2 ** 53, -1];

const SOURCES = [
  { name: "the shipped files", hv: shippedHv, lxc: shippedLxc, features: ORIGINAL_FEATURES },
  {
    name: "the newest corpus revision",
    hv: () => readFixture(SNAPSHOTS[SNAPSHOTS.length - 1].hv) as Json,
    lxc: () => readFixture(SNAPSHOTS[SNAPSHOTS.length - 1].lxc) as Json,
    features: fixedCatalog(SNAPSHOTS[SNAPSHOTS.length - 1].features),
  },
];

describe.each(SOURCES)("numbers in $name", ({ hv, lxc, features }) => {
  const leaves = [...numericLeaves(hv()).map((p) => ["hv", p] as const), ...numericLeaves(lxc()).map((p) => ["lxc", p] as const)];
  it.each(leaves.map(([file, path]) => [`${file} ${render(path)}`, file, path] as const))("%s is bounded", (_name, file, path) => {
    for (const value of HUGE) {
      const docs = { hv: hv(), lxc: lxc() };
      setAt(docs[file], path, value);
      const result = validateConfigPair({ file: "hv.json", value: docs.hv }, { file: "lxc.json", value: docs.lxc }, { features, applications: ANY_APPLICATION });
      if (result.ok) {
        const bad = normalisedNumbers(result).filter((n) => !Number.isSafeInteger(n) || n < 0);
        expect(bad, `${value} at ${render(path)} was accepted`).toEqual([]);
      } else {
        const at = render(path);
        expect(result.errors.some((e) => at.startsWith(e.path)), `${value} at ${at}: ${result.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`).toBe(true);
      }
    }
  });
});
