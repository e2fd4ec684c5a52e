import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { parseCodename, parseSourceFiles } from "../../../providers/apt-repositories/inspect";
import { phoenixContent } from "../../../providers/apt-repositories/phoenix-file";
import { planAptRepositories, planDeleteAptRepositories } from "../../../providers/apt-repositories/plan";
import { proxmoxEntries, withEnterprise } from "../../../providers/apt-repositories/sources";
import { RELEASES, type AptRepositoriesObserved } from "../../../providers/apt-repositories/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/apt", name), "utf8");
const D = "/etc/apt/sources.list.d";
const PVE8: AptRepositoriesObserved = { codename: "bookworm", keyring: true, files: { [`${D}/ceph.list`]: fixture("ceph.list"), [`${D}/pve-enterprise.list`]: fixture("pve-enterprise.list") } };
const PVE9: AptRepositoriesObserved = { codename: "trixie", keyring: true, files: { [`${D}/ceph.sources`]: fixture("ceph.sources"), [`${D}/pve-enterprise.sources`]: fixture("pve-enterprise.sources") } };

const commands = (plan: ReturnType<typeof planAptRepositories>) => (plan.kind === "steps" ? plan.steps.map(renderStep) : [plan.reason]);
const afters = (plan: ReturnType<typeof planAptRepositories>) => (plan.kind === "steps" ? Object.fromEntries(plan.steps.map((s) => [s.fileEdit!.path, s.fileEdit!.after])) : {});

describe("parsers", () => {
  it("reads the Debian code name of os-release", () => {
    expect(parseCodename(fixture("os-release-bookworm"))).toBe("bookworm");
    expect(parseCodename(fixture("os-release-trixie"))).toBe("trixie");
    expect(parseCodename('VERSION_CODENAME="bookworm"\n')).toBe("bookworm");
    expect(parseCodename("ID=debian\n")).toBeNull();
  });
  it("lists only the files APT reads", () => {
    expect(parseSourceFiles({ code: 0, stdout: "ceph.list\npve-enterprise.list.dpkg-dist\nold.list.bak\ndebian.sources\n", stderr: "" })).toEqual(["ceph.list", "debian.sources"]);
    expect(parseSourceFiles({ code: 2, stdout: "", stderr: "ls: cannot access '/etc/apt/sources.list.d': No such file or directory" })).toEqual([]);
  });
  it("finds enabled and disabled Proxmox entries in both formats", () => {
    expect(proxmoxEntries("a.list", "# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\ndeb http://deb.debian.org/debian bookworm main\n")).toEqual([
      { enterprise: true, enabled: false, uri: "https://enterprise.proxmox.com/debian/pve" },
    ]);
    expect(proxmoxEntries("a.sources", `${fixture("ceph.sources")}Enabled: no\n`)).toEqual([{ enterprise: true, enabled: false, uri: "https://enterprise.proxmox.com/debian/ceph-squid" }]);
  });
});

describe("withEnterprise (disabled in place, never deleted)", () => {
  it("comments a .list line out and back in, keeping everything else", () => {
    const text = "# mine\ndeb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\ndeb http://deb.debian.org/debian bookworm main\n";
    const off = withEnterprise("x.list", text, false);
    expect(off).toBe("# mine\n# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\ndeb http://deb.debian.org/debian bookworm main\n");
    expect(withEnterprise("x.list", off, false)).toBe(off);
    expect(withEnterprise("x.list", off, true)).toBe(text);
  });
  it("adds and removes Enabled: no in the enterprise stanza only", () => {
    const text = `${fixture("pve-enterprise.sources")}\nTypes: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\n`;
    const off = withEnterprise("x.sources", text, false);
    expect(off).toBe(`${fixture("pve-enterprise.sources")}Enabled: no\n\nTypes: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\n`);
    expect(withEnterprise("x.sources", off, false)).toBe(off);
    expect(withEnterprise("x.sources", off, true)).toBe(text);
  });
});

describe("planAptRepositories", () => {
  it("on PVE 8 writes a one-line file for bookworm, keeping the host's Ceph release, and comments the enterprise lines", () => {
    const plan = planAptRepositories({ channel: "no-subscription" }, PVE8);
    expect(commands(plan).map((c) => c.replace(/sha256 \w+/, "sha256 …"))).toEqual([
      "write /etc/apt/sources.list.d/phoenix-proxmox.list (3 lines, sha256 …)",
      "write /etc/apt/sources.list.d/ceph.list (1 line, sha256 …)",
      "write /etc/apt/sources.list.d/pve-enterprise.list (1 line, sha256 …)",
    ]);
    expect(afters(plan)).toEqual({
      [`${D}/phoenix-proxmox.list`]: "# Managed by Phoenix (AptRepositories): Proxmox VE no-subscription repositories; edits are reverted.\ndeb http://download.proxmox.com/debian/pve bookworm pve-no-subscription\ndeb http://download.proxmox.com/debian/ceph-quincy bookworm no-subscription\n",
      [`${D}/ceph.list`]: "# deb https://enterprise.proxmox.com/debian/ceph-quincy bookworm enterprise\n",
      [`${D}/pve-enterprise.list`]: "# deb https://enterprise.proxmox.com/debian/pve bookworm pve-enterprise\n",
    });
  });

  it("on PVE 9 writes deb822 stanzas signed by the shipped keyring and adds Enabled: no", () => {
    const plan = planAptRepositories({ channel: "no-subscription" }, PVE9);
    const after = afters(plan);
    expect(after[`${D}/phoenix-proxmox.sources`]).toBe(phoenixContent(RELEASES.trixie, "squid"));
    expect(after[`${D}/phoenix-proxmox.sources`]).toContain("URIs: http://download.proxmox.com/debian/ceph-squid\nSuites: trixie\nComponents: no-subscription\nSigned-By: /usr/share/keyrings/proxmox-archive-keyring.gpg\n");
    expect(after[`${D}/pve-enterprise.sources`]).toBe(`${fixture("pve-enterprise.sources")}Enabled: no\n`);
  });

  it("is converged once applied", () => {
    const files = { ...PVE8.files, ...(afters(planAptRepositories({ channel: "no-subscription" }, PVE8)) as Record<string, string>) };
    expect(planAptRepositories({ channel: "no-subscription" }, { ...PVE8, files })).toEqual({ kind: "steps", steps: [], warnings: [] });
  });

  it("replaces the other release's file after a dist-upgrade", () => {
    const old = phoenixContent(RELEASES.bookworm, "quincy");
    const plan = planAptRepositories({ channel: "no-subscription" }, { ...PVE9, files: { ...PVE9.files, [`${D}/phoenix-proxmox.list`]: old } });
    expect(commands(plan)[0]).toBe("remove /etc/apt/sources.list.d/phoenix-proxmox.list");
  });

  it.each<[string, AptRepositoriesObserved, RegExp]>([
    ["an unknown Debian release", { ...PVE8, codename: "bullseye" }, /Debian bullseye, for which Phoenix knows no Proxmox VE repositories \(bookworm = PVE 8, trixie = PVE 9\)/],
    ["a missing release key", { ...PVE8, keyring: false }, /release key \/etc\/apt\/trusted.gpg.d\/proxmox-release-bookworm.gpg is missing; Phoenix does not download keys/],
  ])("refuses %s", (_, observed, reason) => {
    const plan = planAptRepositories({ channel: "no-subscription" }, observed);
    expect(plan.kind).toBe("refuse");
    expect(commands(plan)[0]).toMatch(reason);
  });

  it("warns about hand-written no-subscription entries besides Phoenix's", () => {
    const plan = planAptRepositories({ channel: "no-subscription" }, { ...PVE8, files: { ...PVE8.files, [`${D}/mine.list`]: "deb http://download.proxmox.com/debian/pve bookworm pve-no-subscription\n" } });
    expect(plan.kind === "steps" && plan.warnings[0]).toMatch(/mine.list also names no-subscription repositories/);
  });

  it("enterprise: removes Phoenix's file and enables the shipped entries again; delete does the same", () => {
    const applied = { ...PVE8.files, ...(afters(planAptRepositories({ channel: "no-subscription" }, PVE8)) as Record<string, string>) };
    const observed = { ...PVE8, files: applied };
    const plan = planAptRepositories({ channel: "enterprise" }, observed);
    expect(afters(plan)).toEqual({ [`${D}/phoenix-proxmox.list`]: null, [`${D}/ceph.list`]: fixture("ceph.list"), [`${D}/pve-enterprise.list`]: fixture("pve-enterprise.list") });
    expect(afters(planDeleteAptRepositories(observed))).toEqual(afters(plan));
    expect(planAptRepositories({ channel: "enterprise" }, { ...PVE8, files: {} }).kind).toBe("refuse");
  });
});
