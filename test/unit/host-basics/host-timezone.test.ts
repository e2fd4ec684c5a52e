import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { parseReadLink } from "../../../providers/host-timezone/inspect";
import { planHostTimezone } from "../../../providers/host-timezone/plan";
import { zoneOfLink, type HostTimezoneObserved } from "../../../providers/host-timezone/schema";

const NY: HostTimezoneObserved = { link: "/usr/share/zoneinfo/America/New_York", timezoneFile: "America/New_York\n", zoneKnown: true };
const transcript = (plan: ReturnType<typeof planHostTimezone>) => (plan.kind === "steps" ? plan.steps.map((s) => renderStep(s).replace(/sha256 \w+/, "sha256 …")) : [`refused: ${plan.reason}`]);

describe("HostTimezone", () => {
  it("reads readlink's answer (1: no link)", () => {
    expect(parseReadLink({ code: 0, stdout: "/usr/share/zoneinfo/Etc/UTC\n", stderr: "" })).toBe("/usr/share/zoneinfo/Etc/UTC");
    expect(parseReadLink({ code: 1, stdout: "", stderr: "" })).toBeNull();
    expect(zoneOfLink("../usr/share/zoneinfo/Europe/Berlin")).toBe("Europe/Berlin");
  });

  it.each<[string, string, Partial<HostTimezoneObserved>, string[]]>([
    ["is converged", "America/New_York", {}, []],
    ["links and names a new zone", "Europe/Berlin", {}, ["ln -sf -- /usr/share/zoneinfo/Europe/Berlin /etc/localtime", "write /etc/timezone (1 line, sha256 …)"]],
    ["repairs a copied /etc/localtime", "America/New_York", { link: null }, ["ln -sf -- /usr/share/zoneinfo/America/New_York /etc/localtime"]],
    ["writes a missing /etc/timezone", "America/New_York", { timezoneFile: null }, ["write /etc/timezone (1 line, sha256 …)"]],
    ["refuses a zone tzdata does not have", "Mars/Olympus", { zoneKnown: false }, [
      'refused: HostTimezone "Mars/Olympus": the host has no /usr/share/zoneinfo/Mars/Olympus (unknown zone, or tzdata is not installed); use a name from `timedatectl list-timezones`',
    ]],
  ])("%s", (_, zone, observed, expected) => {
    expect(transcript(planHostTimezone({ zone }, { ...NY, ...observed }))).toEqual(expected);
  });
});
