import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { blockOf, conflictIn, shareBlock, withBlock } from "../../../providers/samba-share/conf";
import { parseIsActive, parseIsEnabled, parseStat } from "../../../providers/samba-share/inspect";
import { parseShareOptions, shareFlags } from "../../../providers/samba-share/options";
import { planDeleteSambaShare, planSambaShare } from "../../../providers/samba-share/plan";
import { SambaShareInputsSchema, type SambaShareObserved } from "../../../providers/samba-share/schema";

const DEBIAN = readFileSync(join(__dirname, "../../fixtures/samba/smb.conf.debian"), "utf8");
const share = (extra: object = {}) => SambaShareInputsSchema.parse({ name: "shared-prod-data", path: "/quickOS/shared-prod-data", validUsers: ["heads"], browsable: true, readOnly: false, guestOk: false, dirOwner: "heads", dirGroup: "heads", ...extra });
const BLOCK = shareBlock(share());
const dir = { type: "directory", owner: "heads", group: "heads", mode: "770" };
const running = { installed: true, active: true, enabled: true };
const observed = (conf: string | null, extra: Partial<SambaShareObserved> = {}): SambaShareObserved => ({ conf, block: blockOf(conf, "shared-prod-data"), conflict: conflictIn(conf, "shared-prod-data"), dir, smbd: running, ...extra });
const commands = (plan: ReturnType<typeof planSambaShare>) => (plan.kind === "steps" ? plan.steps.map(renderStep) : plan.reason);

describe("the share block", () => {
  it("holds the share's settings between BEGIN and END lines", () => {
    expect(BLOCK).toBe(
      [
        '# BEGIN Phoenix SambaShare "shared-prod-data" (managed: edits inside are reverted)',
        "[shared-prod-data]",
        "   path = /quickOS/shared-prod-data",
        "   valid users = heads",
        "   browseable = yes",
        "   read only = no",
        "   guest ok = no",
        "   create mask = 0770",
        "   directory mask = 0770",
        "   force create mode = 0770",
        "   force directory mode = 0770",
        '# END Phoenix SambaShare "shared-prod-data"',
        "",
      ].join("\n"),
    );
  });

  it("is appended after Debian's file, which stays byte for byte, and removed again to the same bytes", () => {
    const added = withBlock(DEBIAN, "shared-prod-data", BLOCK)!;
    expect(added).toBe(`${DEBIAN}\n${BLOCK}`);
    expect(withBlock(added, "shared-prod-data", null)).toBe(DEBIAN);
  });

  it("replaces only its own block between other blocks and hand-written text", () => {
    const other = shareBlock(share({ name: "other", path: "/srv/other" }));
    const text = `${DEBIAN}\n${other}\n# mine\n\n${BLOCK}[scratch]\n path = /srv/s\n`;
    const edited = text.replace(BLOCK, BLOCK.replace("valid users = heads", "valid users = root"));
    expect(blockOf(edited, "shared-prod-data")).not.toBe(BLOCK);
    expect(withBlock(edited, "shared-prod-data", BLOCK)).toBe(text);
    expect(blockOf(withBlock(edited, "shared-prod-data", BLOCK), "other")).toBe(other);
  });

  it("adds a newline to a file without one, and writes a missing file", () => {
    expect(withBlock("[global]\n x = y", "s", "B\n")).toBe("[global]\n x = y\n\nB\n");
    expect(withBlock(null, "s", "B\n")).toBe("B\n");
    expect(withBlock(null, "s", null)).toBeNull();
  });

  it.each<[string, string, RegExp]>([
    ["a hand-written section of the same name (case-insensitive)", `${DEBIAN}[Shared-Prod-Data]\n path = /x\n`, /hand-written section \[Shared-Prod-Data\]/],
    ["a block without END", `${DEBIAN}${BLOCK.replace(/# END.*\n/, "")}`, /no END line/],
    ["two blocks of the share", `${BLOCK}${BLOCK}`, /2 Phoenix blocks/],
  ])("sees a conflict: %s", (_, text, message) => {
    expect(conflictIn(text, "shared-prod-data")).toMatch(message);
    expect(planSambaShare(share(), observed(text))).toMatchObject({ kind: "refuse" });
  });

  it("matches section names as Samba does, ignoring case", () => {
    expect(conflictIn("[media]\n path = /x\n", "Media")).toMatch(/hand-written section \[media\]/);
  });

  it("is no conflict for Debian's [homes], [printers] or another share", () => {
    expect(conflictIn(`${DEBIAN}[other]\n`, "shared-prod-data")).toBeNull();
  });
});

describe("options of the config", () => {
  it.each<[string, object]>([
    ["browseable=yes writable=yes", { browsable: true, readOnly: false }],
    ["browsable=no read_only=yes guest_ok=yes", { browsable: false, readOnly: true, guestOk: true }],
    ["writeable=0 public=off", { readOnly: true, guestOk: false }],
    ["", {}],
  ])("%j sets %j", (options, flags) => {
    expect(parseShareOptions(options)).toEqual({ flags });
  });
  it.each<[string, RegExp]>([
    ["create_mask=0700", /"create_mask=0700" is not supported: Phoenix applies browseable/],
    ["browseable", /"browseable" is not supported/],
    ["writable=maybe", /must be yes or no/],
    ["writable=yes read_only=yes", /contradict each other on readOnly/],
  ])("refuses %j", (options, message) => {
    expect(parseShareOptions(options)).toEqual({ problem: expect.stringMatching(message) });
  });
  it("merges with the explicit keys, refusing a contradiction", () => {
    expect(shareFlags({ options: "browseable=yes writable=yes", guestOk: true })).toEqual({ flags: { browsable: true, readOnly: false, guestOk: true } });
    expect(shareFlags({ options: "writable=yes", readOnly: true })).toEqual({ problem: 'read_only is true but options "writable=yes" say false; keep one' });
  });
});

describe("parsers (systemd 252, coreutils stat)", () => {
  it.each<[number, string, boolean]>([
    [0, "active\n", true],
    [3, "inactive\n", false],
    [3, "failed\n", false],
  ])("is-active exit %i %j", (code, stdout, active) => expect(parseIsActive({ code, stdout, stderr: "" })).toBe(active));
  it("is-active without systemd throws", () => expect(() => parseIsActive({ code: 127, stdout: "", stderr: "systemctl: command not found" })).toThrow(/command not found/));
  it("is-enabled", () => {
    expect(parseIsEnabled({ code: 0, stdout: "enabled\n", stderr: "" })).toBe(true);
    expect(parseIsEnabled({ code: 1, stdout: "disabled\n", stderr: "" })).toBe(false);
    expect(() => parseIsEnabled({ code: 1, stdout: "", stderr: "Failed to get unit file state for smbd.service: No such file or directory" })).toThrow(/unit file state/);
  });
  it("stat", () => {
    expect(parseStat({ code: 0, stdout: "directory|heads|heads|770\n", stderr: "" })).toEqual(dir);
    expect(parseStat({ code: 1, stdout: "", stderr: "stat: cannot statx '/x': No such file or directory" })).toBeNull();
  });
});

describe("planSambaShare (exact commands)", () => {
  const written = `write /etc/samba/smb.conf (${`${DEBIAN}\n${BLOCK}`.split("\n").length - 1} lines, sha256 `;
  it.each<[string, SambaShareObserved, (string | RegExp)[]]>([
    ["converged", observed(`${DEBIAN}\n${BLOCK}`), []],
    ["new share on a running smbd", observed(DEBIAN, { dir: null }), ["install -d -m 0770 -o heads -g heads -- /quickOS/shared-prod-data", new RegExp(`^${written.replace(/[()]/g, "\\$&")}[0-9a-f]{12}, checked with testparm -s\\)$`), "systemctl reload smbd"]],
    ["drifted directory", observed(`${DEBIAN}\n${BLOCK}`, { dir: { ...dir, owner: "root", mode: "755" } }), ["install -d -m 0770 -o heads -g heads -- /quickOS/shared-prod-data"]],
    ["wrong owner only", observed(`${DEBIAN}\n${BLOCK}`, { dir: { ...dir, owner: "root" } }), ["chown heads:heads -- /quickOS/shared-prod-data"]],
    ["wrong mode only", observed(`${DEBIAN}\n${BLOCK}`, { dir: { ...dir, mode: "755" } }), ["chmod 0770 -- /quickOS/shared-prod-data"]],
    ["stopped and disabled smbd", observed(`${DEBIAN}\n${BLOCK}`, { smbd: { installed: true, active: false, enabled: false } }), ["systemctl enable smbd", "systemctl start smbd"]],
    ["a stopped smbd is started, not reloaded, after a change", observed(DEBIAN, { smbd: { installed: true, active: false, enabled: true } }), [/^write \/etc\/samba\/smb.conf/, "systemctl start smbd"]],
  ])("%s", (_, obs, expected) => {
    const got = commands(planSambaShare(share(), obs)) as string[];
    expect(got.length).toBe(expected.length);
    got.forEach((c, i) => (typeof expected[i] === "string" ? expect(c).toBe(expected[i]) : expect(c).toMatch(expected[i] as RegExp)));
  });

  it.each<[string, Partial<SambaShareObserved>, RegExp]>([
    ["Samba missing", { smbd: { installed: false, active: false, enabled: false } }, /Samba is not installed on the host \(no \/usr\/sbin\/smbd\)/],
    ["a file at the path", { dir: { ...dir, type: "regular file" } }, /is a regular file, not a directory/],
  ])("refuses: %s", (_, extra, message) => {
    expect(planSambaShare(share(), observed(DEBIAN, extra))).toEqual({ kind: "refuse", reason: expect.stringMatching(message) });
  });

  it("deletes its block, reloads smbd, keeps the directory", () => {
    expect(commands(planDeleteSambaShare(share(), observed(`${DEBIAN}\n${BLOCK}`)))).toEqual([expect.stringMatching(/^write \/etc\/samba\/smb.conf .*checked with testparm -s\)$/), "systemctl reload smbd"]);
    expect(commands(planDeleteSambaShare(share(), observed(DEBIAN)))).toEqual([]);
  });
});

describe("inputs", () => {
  it.each<[object, RegExp]>([
    [{ path: "/srv/a%b" }, /holds %/],
    [{ path: "/" }, /whole host/],
    [{ name: "global" }, /reserved/],
    [{ validUsers: [] }, /./],
    [{ dirMode: "999" }, /octal/],
  ])("refuses %j", (extra, message) => {
    const r = SambaShareInputsSchema.safeParse({ ...share(), ...extra });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(message);
  });
});
