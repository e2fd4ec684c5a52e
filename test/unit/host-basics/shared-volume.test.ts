import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { parseStat } from "../../../providers/shared-volume/inspect";
import { planDeleteSharedVolume, planSharedVolume } from "../../../providers/shared-volume/plan";
import { SharedVolumeInputsSchema, type SharedVolumeObserved } from "../../../providers/shared-volume/schema";

const SSL = SharedVolumeInputsSchema.parse({ name: "ssl_certs", path: "/mnt/pve/quickOS/shared-prod-data/ssl" });
const NONE: SharedVolumeObserved = { stat: null, user: null, hasContent: false };
const result = (plan: ReturnType<typeof planSharedVolume>) => (plan.kind === "steps" ? { steps: plan.steps.map(renderStep), warnings: plan.warnings } : { refused: plan.reason });

describe("SharedVolume", () => {
  it("reads stat's %F|%u|%g", () => {
    expect(parseStat({ code: 0, stdout: "directory|100000|100000\n", stderr: "" })).toEqual({ type: "directory", uid: 100000, gid: 100000 });
    expect(parseStat({ code: 1, stdout: "", stderr: "stat: cannot statx '/x': No such file or directory\n" })).toBeNull();
  });

  it.each<[string, Record<string, unknown>, SharedVolumeObserved, ReturnType<typeof result>]>([
    ["creates a missing directory for container root (owner absent)", {}, NONE, {
      steps: ["install -d -m 0755 -o 100000 -g 100000 -- /mnt/pve/quickOS/shared-prod-data/ssl"],
      warnings: [],
    }],
    ["is converged", {}, { ...NONE, stat: { type: "directory", uid: 100000, gid: 100000 }, hasContent: true }, { steps: [], warnings: [] }],
    ["gives a named user the directory's top only, saying content keeps its owners", { ownedBy: "phoenix_admin" }, { stat: { type: "directory", uid: 100000, gid: 100000 }, user: { uid: 1000, gid: 1000 }, hasContent: true }, {
      steps: ["chown -- 1000:1000 /mnt/pve/quickOS/shared-prod-data/ssl"],
      warnings: ['SharedVolume "ssl_certs": only /mnt/pve/quickOS/shared-prod-data/ssl itself changes owner; what it holds keeps its owners (Phoenix never chowns data recursively; chown -R it by hand if the containers need that)'],
    }],
    ["names the admin account this stack creates when it does not exist yet", { ownedBy: "phoenix_admin", ownerDeclared: true }, NONE, {
      steps: ["mkdir -p -- /mnt/pve/quickOS/shared-prod-data/ssl", "chown -- phoenix_admin: /mnt/pve/quickOS/shared-prod-data/ssl"],
      warnings: ['SharedVolume "ssl_certs": user phoenix_admin does not exist yet; the users block creates it before this runs'],
    }],
    ["refuses a user the host does not have", { ownedBy: "nobody_here" }, NONE, { refused: 'SharedVolume "ssl_certs": owner "nobody_here" is no user on the host; create it (e.g. in the users block) or use "container_root"' }],
    ["refuses a file in the way", {}, { ...NONE, stat: { type: "regular file", uid: 0, gid: 0 } }, { refused: 'SharedVolume "ssl_certs": /mnt/pve/quickOS/shared-prod-data/ssl is a regular file, not a directory; move it away first' }],
  ])("%s", (_, extra, observed, expected) => {
    expect(result(planSharedVolume({ ...SSL, ...SharedVolumeInputsSchema.parse({ ...SSL, ...extra }) }, observed))).toEqual(expected);
  });

  it("keeps the directory and its data on delete", () => {
    const plan = planDeleteSharedVolume(SSL, { ...NONE, stat: { type: "directory", uid: 0, gid: 0 } });
    expect(plan).toEqual({ kind: "steps", steps: [], warnings: ['SharedVolume "ssl_certs": /mnt/pve/quickOS/shared-prod-data/ssl and its content stay on the host; Phoenix only stops managing it'] });
  });
});
