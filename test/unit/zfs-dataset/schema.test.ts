import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datasetComponentProblem, datasetNameProblem, ZfsDatasetInputsSchema } from "../../../providers/zfs-dataset/schema";
import { describeProblems } from "../problem-table";

const issues = (input: unknown) =>
  ZfsDatasetInputsSchema.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];

describeProblems(
  "datasetComponentProblem",
  datasetComponentProblem,
  ["vm-disks", "shared.iso", "a:b", "A_1"],
  [
    ["", "dataset name is empty"],
    ["..", 'dataset name ".." is not allowed'],
    [".", 'dataset name "." is not allowed'],
    ["snap@1", 'invalid character "@" in dataset name "snap@1" (allowed: letters, digits, _ . : -)'],
    ["my data", 'invalid character " " in dataset name "my data" (allowed: letters, digits, _ . : -)'],
  ],
);

describe("datasetNameProblem", () => {
  it.each(["quickOS/vm-disks", "fastData/shared-bulk-data", "tank/a/b.c:d_e"])("accepts %s", (name) => {
    expect(datasetNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["quickOS", /must be <pool>\/<name>/],
    ["quickOS/", /has an empty component/],
    ["quickOS//x", /has an empty component/],
    ["quickOS/a b", /invalid component: invalid character " " in dataset name "a b"/],
    ["quickOS/x@snap", /invalid component: invalid character "@" in dataset name "x@snap"/],
    ["quickOS/..", /invalid component: dataset name "\.\." is not allowed/],
    ["1pool/x", /invalid pool part: pool name "1pool" must begin with a letter/],
    [`tank/${"a".repeat(260)}`, /is longer than 255 characters/],
  ])("rejects %s", (name, why) => {
    expect(datasetNameProblem(name)).toMatch(why);
  });
});

describe("ZfsDatasetInputsSchema", () => {
  it("accepts every dataset of the shipped config and keeps its values", () => {
    const config = JSON.parse(
      readFileSync(join(__dirname, "../../../config/examples/phoenix_hypervisor_config.json"), "utf8"),
    ) as { zfs: { datasets: Array<{ name: string; pool: string; properties: string }> } };
    for (const ds of config.zfs.datasets) {
      const properties = Object.fromEntries(ds.properties.split(",").map((kv) => kv.split("=") as [string, string]));
      const parsed = ZfsDatasetInputsSchema.parse({ fullName: `${ds.pool}/${ds.name}`, properties });
      expect(parsed.properties).toEqual(properties);
    }
  });

  it("canonicalises aliases and lowercases enumerated values, but keeps sizes as written", () => {
    const parsed = ZfsDatasetInputsSchema.parse({ fullName: "tank/a", properties: { recsize: "16K", compress: "LZ4", atime: " Off ", quota: "None" } });
    expect(parsed).toEqual({
      fullName: "tank/a",
      properties: { recordsize: "16K", compression: "lz4", atime: "off", quota: "none" },
      allowDestroy: false,
    });
  });

  it.each([
    [{ used: "1G" }, ["properties.used", 'property "used" is read-only']],
    [{ volsize: "10G" }, ["properties.volsize", 'property "volsize" is for volumes, which ZfsDataset does not manage']],
    [{ refreservation: "auto" }, ["properties.refreservation", "refreservation=auto is only allowed on volumes, which ZfsDataset does not manage"]],
    [{ recordsze: "128K" }, ["properties.recordsze", '"recordsze" is not a settable filesystem property (user properties need a colon, e.g. "phoenix:role")']],
    // zfs matches column aliases in lower case only (propname_match).
    [{ RECSIZE: "16K" }, ["properties.RECSIZE", '"RECSIZE" is not a settable filesystem property (user properties need a colon, e.g. "phoenix:role")']],
    [{ "Phoenix:role": "x" }, ["properties.Phoenix:role", 'invalid user property name "Phoenix:role" (only lower-case letters, digits, - _ . and :, under 256 characters)']],
    [{ compression: "lz5" }, ["properties.compression", "compression=lz5 is not a value zfs accepts (expected on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000])"]],
    [{ atime: "yes" }, ["properties.atime", "atime=yes is not a value zfs accepts (expected on | off)"]],
    [{ quota: "800Q" }, ["properties.quota", 'quota=800Q: "800Q" has an invalid size suffix "Q" (expected B, K, M, G, T, P, E or Z, optionally followed by B or iB)']],
    [{ recordsize: "100K" }, ["properties.recordsize", "recordsize=100K must be a power of two from 512 to 16M"]],
    [{ special_small_blocks: "100K" }, ["properties.special_small_blocks", "special_small_blocks=100K must be 0 or a power of two from 512 to 16M"]],
    [{ recordsize: "none" }, ["properties.recordsize", 'recordsize=none: "none" is not a ZFS size (expected a number with an optional suffix B, K, M, G, T, P, E or Z, e.g. 800G or 1.4T)']],
    [{ mountpoint: "data" }, ["properties.mountpoint", "mountpoint=data must be an absolute path without a trailing slash, none or legacy"]],
    [{ keylocation: "/root/key" }, ["properties.keylocation", "keylocation=/root/key must be prompt, file:///<path> or http(s)://<url>"]],
    [{ pbkdf2iters: "1000" }, ["properties.pbkdf2iters", "pbkdf2iters=1000 must be at least 100000"]],
    [{ "phoenix:note": "a\tb" }, ["properties.phoenix:note", "value for phoenix:note must be non-empty without tabs or newlines"]],
    [{ recsize: "16K", recordsize: "16K" }, ["properties.recordsize", "property recordsize is given twice"]],
  ])("rejects %j", (properties, issue) => {
    expect(issues({ fullName: "tank/a", properties })).toEqual([issue]);
  });

  it("defaults to no managed properties and no destroy", () => {
    expect(ZfsDatasetInputsSchema.parse({ fullName: "tank/a" })).toEqual({ fullName: "tank/a", properties: {}, allowDestroy: false });
  });
});
