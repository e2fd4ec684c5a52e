// Mutations of corpus revisions (types swapped, keys deleted, values of the wrong kind, lone
// surrogates, huge numbers) must never crash load + validate + normalise, and every message must
// be one printable line with a JSON path: no stack trace, whatever the input.
import { describe, expect, it } from "vitest";
import { validateConfigPair, formatProblems } from "../../../config/load";
import { fixedCatalog } from "../../../config/features";
import { readFixture, SNAPSHOTS } from "./corpus";

// A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Node = Record<string, unknown> | unknown[];

// Every container (object or array) in the document, with the keys it holds.
function containers(value: unknown, out: Node[] = []): Node[] {
  if (typeof value === "object" && value !== null) {
    out.push(value as Node);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

const WRONG_VALUES: unknown[] = [
  null, true, 0, -1, 1.5, 1e300, -1e300, 2 ** 53, "", " ", "\uD800", "a\u0000b", "x".repeat(5000), [], {}, [[[]]], { a: { b: {} } },
  "../../etc/passwd", "$(touch /tmp/pwned)", "10.0.0.0/33", "1e11", "NaN", "__proto__",
];

function mutate(doc: unknown, random: () => number): void {
  const nodes = containers(doc);
  const node = nodes[Math.floor(random() * nodes.length)];
  const keys = Object.keys(node);
  if (keys.length === 0) return;
  const key = keys[Math.floor(random() * keys.length)];
  const target = node as Record<string, unknown>;
  const choice = random();
  if (choice < 0.25) {
    if (Array.isArray(node)) node.splice(Number(key), 1);
    else delete target[key];
  } else if (choice < 0.7) {
    target[key] = WRONG_VALUES[Math.floor(random() * WRONG_VALUES.length)];
  } else if (choice < 0.85) {
    // Swap the type: wrap a value in a list, or unwrap a list to its first element.
    target[key] = Array.isArray(target[key]) ? (target[key] as unknown[])[0] : [target[key]];
  } else {
    // A key the schema does not know, or a copy of a sibling under another name.
    target[`${key}_x`] = target[key];
  }
}

const STACK = /\n\s+at |\bat Object\.|TypeError|ReferenceError|RangeError/;

describe("fuzzed corpus revisions", () => {
  // Spread over the history: the oldest, the newest and every fifth in between.
  const picked = SNAPSHOTS.filter((_, i) => i % 5 === 0 || i === SNAPSHOTS.length - 1);
  it.each(picked.map((s, i) => [`${s.date} ${s.commit}`, s, i] as const))("%s: 60 mutated variants load without a crash", (_name, snapshot, index) => {
    const features = fixedCatalog(snapshot.features);
    for (let n = 0; n < 60; n++) {
      const seed = index * 1000 + n;
      const random = rng(seed);
      const hv = readFixture(snapshot.hv);
      const lxc = readFixture(snapshot.lxc);
      const rounds = 1 + Math.floor(random() * 4);
      for (let r = 0; r < rounds; r++) mutate(random() < 0.5 ? hv : lxc, random);
      let text = "";
      try {
        const result = validateConfigPair({ file: "hv.json", value: hv }, { file: "lxc.json", value: lxc }, { features });
        text = formatProblems(result.ok ? result.warnings : [...result.errors, ...result.warnings]);
      } catch (error) {
        throw new Error(`seed ${seed}: validation threw ${String((error as Error)?.stack ?? error)}`);
      }
      for (const line of text.split("\n").filter((l) => l !== "")) expect(line, `seed ${seed}`).toMatch(/^(error |warning) (hv|lxc)\.json \$.*?: \S/);
      expect(text, `seed ${seed}`).not.toMatch(STACK);
      expect(text, `seed ${seed}`).not.toMatch(/[\uD800-\uDFFF]/);
    }
  }, 180_000);
});
