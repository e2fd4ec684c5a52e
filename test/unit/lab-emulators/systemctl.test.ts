// The lab's systemctl in a throw-away state and unit directory: systemd 252's words and exit
// codes for the units it does not run (no daemon is started here; the integration and e2e
// suites run the real smbd behind it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SYSTEMCTL = resolve(__dirname, "../../../lab/emulators/systemctl");
const root = mkdtempSync(join(tmpdir(), "phoenix-systemctl-"));
const units = join(root, "units");
const wants = join(root, "wants");
mkdirSync(units);
for (const unit of ["smbd", "nmbd"]) writeFileSync(join(units, `${unit}.service`), "[Service]\n");

function systemctl(...args: string[]) {
  const r = spawnSync("python3", [SYSTEMCTL, ...args], { encoding: "utf8", env: { ...process.env, PHOENIX_LAB_SYSTEMD_STATE: join(root, "state"), PHOENIX_LAB_SYSTEMD_WANTS: wants, PHOENIX_LAB_SYSTEMD_UNITS: units } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("lab systemctl", () => {
  it("says inactive (exit 3) for a unit that is not running, and inactive for an unknown one", () => {
    expect(systemctl("is-active", "smbd")).toEqual({ code: 3, stdout: "inactive\n", stderr: "" });
    expect(systemctl("is-active", "--quiet", "smbd.service")).toEqual({ code: 3, stdout: "", stderr: "" });
    expect(systemctl("is-active", "nosuch")).toMatchObject({ code: 3, stdout: "inactive\n" });
  });

  it("enables and disables through the multi-user.target.wants symlink, as systemd prints it", () => {
    expect(systemctl("is-enabled", "smbd")).toEqual({ code: 1, stdout: "disabled\n", stderr: "" });
    expect(systemctl("enable", "smbd")).toEqual({ code: 0, stdout: "", stderr: `Created symlink ${wants}/smbd.service \u2192 ${units}/smbd.service.\n` });
    expect(readlinkSync(join(wants, "smbd.service"))).toBe(join(units, "smbd.service"));
    expect(systemctl("is-enabled", "smbd")).toEqual({ code: 0, stdout: "enabled\n", stderr: "" });
    expect(systemctl("enable", "smbd")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(systemctl("disable", "smbd.service")).toEqual({ code: 0, stdout: "", stderr: `Removed "${wants}/smbd.service".\n` });
    expect(existsSync(join(wants, "smbd.service"))).toBe(false);
  });

  it("refuses what it cannot do with systemd's exit codes", () => {
    expect(systemctl("reload", "smbd")).toEqual({ code: 1, stdout: "", stderr: "smbd.service is not active, cannot reload.\n" });
    expect(systemctl("start", "nosuch")).toEqual({ code: 5, stdout: "", stderr: "Failed to start nosuch.service: Unit nosuch.service not found.\n" });
    expect(systemctl("is-enabled", "nosuch")).toEqual({ code: 1, stdout: "", stderr: "Failed to get unit file state for nosuch.service: No such file or directory\n" });
    expect(systemctl("start", "nmbd")).toMatchObject({ code: 1, stderr: expect.stringContaining("does not run it (docs/lab.md, Services)") });
    expect(systemctl("stop", "smbd")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(systemctl("status", "smbd")).toMatchObject({ code: 1, stderr: expect.stringContaining("unsupported command status") });
  });
});
