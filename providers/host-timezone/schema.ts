// HostTimezone inputs: the host's time zone as Debian's tzdata keeps it, /etc/localtime a link
// into /usr/share/zoneinfo and /etc/timezone naming the zone (what `timedatectl set-timezone`
// and `dpkg-reconfigure tzdata` both leave behind).
import { z } from "zod";
import { checkedString } from "../core/checked-string";

export const ZONEINFO = "/usr/share/zoneinfo";
export const LOCALTIME = "/etc/localtime";
export const TIMEZONE_FILE = "/etc/timezone";

/** Why `zone` is not a tz database name (Area/Location, UTC, Etc/GMT+5), or undefined. */
export function zoneNameProblem(zone: string): string | undefined {
  if (!/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) || zone.split("/").some((p) => p === "." || p === ".." || p.startsWith("-"))) {
    return `"${zone}" is not a time zone name such as America/New_York or UTC`;
  }
  return undefined;
}

export const HostTimezoneInputsSchema = z.object({ zone: checkedString(zoneNameProblem) });
export type HostTimezoneInputs = z.output<typeof HostTimezoneInputsSchema>;

export interface HostTimezoneObserved {
  /** Where /etc/localtime points (readlink), or null when it is no link (a copy, or absent). */
  readonly link: string | null;
  /** /etc/timezone, or null when absent. */
  readonly timezoneFile: string | null;
  /** The desired zone's file exists under /usr/share/zoneinfo (tzdata knows it). */
  readonly zoneKnown: boolean;
}

/** The zone /etc/localtime names, from its link target, or null. */
export function zoneOfLink(link: string | null): string | null {
  if (link === null) return null;
  const match = /(?:^|\/)zoneinfo\/(.+)$/.exec(link);
  return match ? match[1] : null;
}
