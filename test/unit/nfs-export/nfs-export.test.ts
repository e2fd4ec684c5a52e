import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { lineFor, parseExportfsVerbose, parseFileResult } from "../../../providers/nfs-export/inspect";
import { liveMismatch, planDeleteNfsExport, planNfsExport, withLine } from "../../../providers/nfs-export/plan";
import { exportClientProblem, exportOptionProblem, exportsLine, NfsExportInputsSchema, type NfsExportObserved } from "../../../providers/nfs-export/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/nfs", name), "utf8");
const BULK = { path: "/fastData/shared-bulk-data", clients: [{ host: "10.0.0.0/24", options: ["rw", "sync", "no_subtree_check", "no_root_squash"] }] };
const LINE = "/fastData/shared-bulk-data 10.0.0.0/24(rw,sync,no_subtree_check,no_root_squash)";
const HEADER = "# Managed by Phoenix (NfsExport resources): one line per export; edits are reverted.";
const LIVE = ["sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "rw", "no_root_squash", "no_all_squash"];

describe("parseExportfsVerbose (captured nfs-utils 2.6.2 output)", () => {
  const table = parseExportfsVerbose(fixture("exportfs-v.txt"));
  it("reads short paths with a tab, long ones with the client on the next line, and <world> as *", () => {
    expect([...table.keys()]).toEqual(["/srv/nfs", "/fastData/shared-bulk-data", "/srv/a"]);
    expect(table.get("/fastData/shared-bulk-data")!.get("10.0.0.0/24")).toEqual(LIVE);
    expect(table.get("/fastData/shared-bulk-data")!.get("*")).toContain("fsid=7");
    expect(table.get("/srv/nfs")!.get("10.0.0.5")).toEqual(["sync", "wdelay", "hide", "no_subtree_check", "anonuid=1000", "anongid=1000", "sec=sys", "ro", "root_squash", "all_squash"]);
    expect(table.get("/srv/a")!.get("@trusted")).toContain("sec=krb5:sys");
  });
  it("reads an empty table", () => {
    expect(parseExportfsVerbose("").size).toBe(0);
  });
});

describe("liveMismatch", () => {
  const live = parseExportfsVerbose(fixture("exportfs-v.txt"));
  it.each<[string, string[], string, string, string | undefined]>([
    ["matches what exportfs printed for the line", BULK.clients[0].options, "/fastData/shared-bulk-data", "10.0.0.0/24", undefined],
    ["sees secure_locks against a printed insecure_locks", ["ro", "secure_locks", "anonuid=65534", "crossmnt", "fsid=7"], "/fastData/shared-bulk-data", "*", "insecure_locks set"],
    ["sees a missing flag", ["rw", "no_root_squash"], "/srv/nfs", "10.0.0.0/24", "no_root_squash missing"],
    ["sees subtree_check against no_subtree_check", ["subtree_check"], "/srv/nfs", "10.0.0.0/24", "no_subtree_check set"],
    ["sees a changed anonuid", ["anonuid=1001"], "/srv/nfs", "10.0.0.5", "anonuid differs"],
    ["sees a changed sec", ["sec=krb5"], "/srv/a", "@trusted", "sec differs"],
    ["accepts options it cannot see (insecure without nfsd)", ["insecure", "ro", "all_squash"], "/srv/nfs", "10.0.0.5", undefined],
  ])("%s", (_, desired, path, client, expected) => {
    expect(liveMismatch(desired, live.get(path)!.get(client))).toBe(expected);
  });
  it("says not exported", () => expect(liveMismatch(["rw"], undefined)).toBe("not exported"));
});

describe("the exports file", () => {
  it("writes one client(options) per client, no space before the parenthesis", () => {
    expect(exportsLine({ path: "/srv/nfs", clients: [{ host: "10.0.0.0/24", options: ["rw", "sync"] }, { host: "*", options: ["ro"] }] })).toBe("/srv/nfs 10.0.0.0/24(rw,sync) *(ro)");
  });
  it.each<[string, string | null, string | null, string | null]>([
    ["appends to a missing file", null, LINE, `${LINE}\n`],
    ["replaces only its own line", `# mine\n/srv/x a(ro)\n/fastData/shared-bulk-data old(ro)\n`, LINE, `# mine\n/srv/x a(ro)\n${LINE}\n`],
    ["removes its line and keeps the rest", `/srv/x a(ro)\n${LINE}\n`, null, "/srv/x a(ro)\n"],
    ["leaves a file without its line alone on removal", "/srv/x a(ro)\n", null, "/srv/x a(ro)\n"],
  ])("%s", (_, current, line, expected) => {
    expect(withLine(current, "/fastData/shared-bulk-data", line)).toBe(expected);
  });
  it("finds a path's line by its first field only", () => {
    expect(lineFor(`/fastData/shared-bulk-data-2 x(ro)\n${LINE}\n`, "/fastData/shared-bulk-data")).toBe(LINE);
  });
  it("reads a missing file as null and refuses other failures", () => {
    expect(parseFileResult({ code: 1, stdout: "", stderr: "cat: /etc/exports.d/phoenix.exports: No such file or directory\n" })).toBeNull();
    expect(() => parseFileResult({ code: 1, stdout: "", stderr: "cat: /etc/exports.d/phoenix.exports: Permission denied\n" })).toThrow("Permission denied");
  });
});

describe("planNfsExport", () => {
  const host = (extra: Partial<NfsExportObserved> = {}): NfsExportObserved => ({ line: null, file: null, live: {}, isDirectory: true, ...extra });
  const converged = host({ line: LINE, file: `${HEADER}\n${LINE}\n`, live: { "10.0.0.0/24": LIVE } });
  const commands = (o: NfsExportObserved) => {
    const plan = planNfsExport(BULK, o);
    return plan.kind === "steps" ? plan.steps.map(renderStep) : plan.reason;
  };
  it("creates the file with a header and exports", () => {
    const plan = planNfsExport(BULK, host());
    if (plan.kind !== "steps") throw new Error("expected steps");
    expect(plan.steps.map(renderStep)).toEqual([expect.stringMatching(/^write \/etc\/exports\.d\/phoenix\.exports \(2 lines, sha256 [0-9a-f]{12}\)$/), "exportfs -ra"]);
    expect(plan.steps[0].fileEdit!.after).toBe(`${HEADER}\n${LINE}\n`);
  });
  it("is converged when the line and the live table agree (idempotence)", () => expect(commands(converged)).toEqual([]));
  it("re-exports when someone unexported it by hand", () => expect(commands({ ...converged, live: {} })).toEqual(["exportfs -ra"]));
  it("rewrites a hand-edited line and re-exports", () => {
    expect(commands({ ...converged, line: "/fastData/shared-bulk-data 10.0.0.0/24(ro)", file: `${HEADER}\n/fastData/shared-bulk-data 10.0.0.0/24(ro)\n` })).toEqual([expect.stringMatching(/^write /), "exportfs -ra"]);
  });
  it("warns, without refusing, when the path is not a directory yet", () => {
    const plan = planNfsExport(BULK, host({ isDirectory: false }));
    expect(plan.kind === "steps" && plan.warnings).toEqual(['NfsExport "/fastData/shared-bulk-data": the path is not a directory on the host yet; exportfs needs it to exist']);
  });
  it("deletes its line and re-syncs, or does nothing when gone", () => {
    const del = (o: NfsExportObserved) => {
      const plan = planDeleteNfsExport(BULK, o);
      return plan.kind === "steps" && plan.steps.map(renderStep);
    };
    expect(del(converged)).toEqual([expect.stringMatching(/^write /), "exportfs -ra"]);
    expect(del(host())).toEqual([]);
  });
});

describe("input rules", () => {
  it.each(["noatime", "rw=1", "fsid=abc/", "anonuid=x", "sec=ntlm"])("refuses the option %j", (o) => expect(exportOptionProblem(o)).toBeDefined());
  it.each(["rw", "no_root_squash", "fsid=0", "fsid=root", "anonuid=1000", "sec=krb5p:sys", "mountpoint=/mnt/x", "mp"])("accepts the option %j", (o) => expect(exportOptionProblem(o)).toBeUndefined());
  it.each(["10.0.0.0/24", "*", "*.lan", "@trusted", "host1.example.com", "fd00::/64", "10.0.0.[1-9]"])("accepts the client %j", (c) => expect(exportClientProblem(c)).toBeUndefined());
  it.each(["-o", "a b", "x(rw)", ""])("refuses the client %j", (c) => expect(exportClientProblem(c)).toBeDefined());
  it("refuses contradicting options and paths an exports line cannot hold", () => {
    expect(NfsExportInputsSchema.safeParse({ ...BULK, clients: [{ host: "*", options: ["ro", "rw"] }] }).success).toBe(false);
    for (const path of ["/a b", "relative", "/a#b", '/a"b']) expect(NfsExportInputsSchema.safeParse({ ...BULK, path }).success, path).toBe(false);
  });
});
