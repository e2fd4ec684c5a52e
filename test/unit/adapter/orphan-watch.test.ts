import { describe, expect, it } from "vitest";
import { orphaned, parentOf } from "../../../providers/orphan-watch";

const stat = (pid: number, ppid: number, comm = "sh") => `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560`;

describe("the provider's orphan watch", () => {
  it("reads the parent pid, even when the command name holds spaces and parentheses", () => {
    expect(parentOf(42, () => stat(42, 7, "node (x) y"))).toBe(7);
    expect(parentOf(42, () => { throw new Error("ENOENT"); })).toBeUndefined();
  });

  it("is orphaned once the wrapper's engine is gone (re-parented to init), not before", () => {
    expect(orphaned(() => stat(process.ppid, 1))).toBe(true);
    expect(orphaned(() => stat(process.ppid, 4242))).toBe(false);
  });
});
