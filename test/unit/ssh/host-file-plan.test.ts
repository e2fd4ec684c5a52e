import { describe, expect, it } from "vitest";
import { applySteps } from "../../../providers/core/apply";
import { fileEditStep, renderPlan, renderStep } from "../../../providers/core/step";
import type { CommandResult, Runner } from "../../../providers/core/runner";
import { sha256 } from "../../../providers/ssh/host-file";
import { describeFileChange, planFileEdit, renderFileEdit } from "../../../providers/ssh/host-file-plan";

const setLine = (line: string) => (current: string | null) => `${(current ?? "").replace(/^b=.*\n/m, "")}${line}\n`;

describe("planFileEdit", () => {
  it("plans nothing when the change leaves the observed content as it is", () => {
    expect(planFileEdit("/etc/x.conf", "a=1\nb=2\n", setLine("b=2"))).toBeUndefined();
    expect(planFileEdit("/etc/x.conf", null, () => null)).toBeUndefined();
  });

  it("keeps the change for apply time and what it would do to the observation for display", () => {
    const edit = planFileEdit("/etc/x.conf", "a=1\nb=2\n", setLine("b=3"), { mode: 0o600 })!;
    expect(edit).toMatchObject({ path: "/etc/x.conf", before: "a=1\nb=2\n", after: "a=1\nb=3\n", mode: 0o600 });
    expect(edit.change("b=9\nc=1\n")).toBe("c=1\nb=3\n");
  });

  it("rejects an invalid path while planning, so preview shows the error", () => {
    expect(() => planFileEdit("etc/x", null, () => "x")).toThrow(/must be absolute/);
  });
});

describe("renderFileEdit and describeFileChange", () => {
  it("shows a write as path, line count and checksum, with the changed lines", () => {
    const edit = planFileEdit("/etc/exports.d/phoenix.exports", "/a *(ro)\n/b *(ro)\n", () => "/a *(ro)\n/c *(rw)\n/d *(rw)\n")!;
    expect(renderFileEdit(edit)).toBe(`write /etc/exports.d/phoenix.exports (3 lines, sha256 ${sha256("/a *(ro)\n/c *(rw)\n/d *(rw)\n").slice(0, 12)})`);
    expect(describeFileChange(edit)).toBe("- /b *(ro)\n+ /c *(rw)\n+ /d *(rw)");
  });

  it("shows neither lines nor checksum of a secret file", () => {
    const edit = planFileEdit("/etc/samba/secrets.conf", "pw = old-hunter2\n", () => "pw = new-hunter3\n", { secret: true })!;
    const shown = renderPlan([fileEditStep("set the share password", edit)]);
    expect(shown).toBe("  1. write /etc/samba/secrets.conf (1 line, secret)    # set the share password\n       (contents are secret)");
    expect(shown).not.toMatch(/hunter|[0-9a-f]{12}/);
  });

  it("shows a removal and quotes odd paths", () => {
    expect(renderFileEdit(planFileEdit("/etc/a b.conf", "x\n", () => null)!)).toBe("remove '/etc/a b.conf'");
  });

  it("leaves added and removed blank lines out of the listing, not out of the count", () => {
    const edit = planFileEdit("/etc/pve/firewall/100.fw", "[OPTIONS]\n\nenable: 0\n", () => "[OPTIONS]\n\nenable: 1\n\n[RULES]\n\n")!;
    expect(renderFileEdit(edit)).toMatch(/^write \/etc\/pve\/firewall\/100\.fw \(6 lines, /);
    expect(describeFileChange(edit)).toBe("- enable: 0\n+ enable: 1\n+ [RULES]");
    expect(describeFileChange(planFileEdit("/etc/x", "a\n", () => "a\n\n")!)).toBe("(blank lines only)");
  });

  it("caps long diffs", () => {
    const after = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const text = describeFileChange(planFileEdit("/etc/big", "old\n", () => after)!, 5);
    expect(text.split("\n")).toEqual(["- old", "+ line 0", "+ line 1", "+ line 2", "… 27 more changed lines"]);
    expect(describeFileChange(planFileEdit("/etc/big", "old\n", () => "new\n")!, 2).split("\n")).toEqual(["- old", "+ new"]);
    // Only additions: a block, named by its first line.
    expect(describeFileChange(planFileEdit("/etc/big", "old\n", () => `old\n${after}`)!, 5).split("\n")).toEqual(["+ line 0", "… 29 more changed lines"]);
  });

  it("lists no lines of a file that does not exist yet: the plan line gives its size and checksum", () => {
    const edit = planFileEdit("/etc/new.conf", null, () => "a=1\nb=2\n")!;
    expect(describeFileChange(edit)).toBe("");
    expect(renderPlan([fileEditStep("write the new file", edit)])).toBe(`  1. write /etc/new.conf (2 lines, sha256 ${sha256("a=1\nb=2\n").slice(0, 12)})    # write the new file`);
  });
});

describe("applySteps with a file edit step", () => {
  it("runs the edit through editHostFile (read, then conditional write with the content on stdin)", async () => {
    const calls: { command: string; stdin?: string }[] = [];
    const runner: Runner = {
      host: "pve",
      run: async (command, options): Promise<CommandResult> => {
        calls.push({ command, stdin: options?.stdin });
        if (command.includes("phoenix-read")) return { code: 0, stdout: `present ${sha256("b=1\n")} 0:0 644\nb=1\n`, stderr: "" };
        return { code: 0, stdout: `written ${sha256("b=2\n")}\n`, stderr: "" };
      },
    };
    const edit = planFileEdit("/etc/x.conf", "b=0\n", setLine("b=2"))!;
    expect(renderStep(fileEditStep("set b", edit))).toMatch(/^write \/etc\/x\.conf \(1 line, sha256 /);
    await applySteps(runner, [fileEditStep("set b", edit)]);
    expect(calls).toHaveLength(2);
    expect(calls[1].stdin).toBe("b=2\n"); // applied to what the host held at apply time (b=1)
    expect(calls[1].command).toContain(` ${sha256("b=1\n")} write ${sha256("b=2\n")} 0644 root:root keep -`);
    expect(calls.map((c) => c.command).join("\n")).not.toContain("b=2\n");
  });
});
