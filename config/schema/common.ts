// zod building blocks shared by both config files. Every name or address check lives in
// names.ts (or next to the provider that uses it) as a plain function; here each becomes a
// string schema whose error message is that function's answer.
import { z } from "zod";
import { checkedString } from "../../providers/core/checked-string";
import { absolutePathProblem } from "../../providers/core/names";
import { zfsSizeProblem } from "../../providers/core/zfs-size";
import { storageIdProblem } from "../../providers/proxmox-storage/schema";
import { diskPathProblem, poolNameProblem } from "../../providers/zfs-pool/schema";
import {
  configDatasetNameProblem,
  ctidProblem,
  hostnameProblem,
  httpUrlProblem,
  interfaceNameProblem,
  ipv4CidrProblem,
  ipv4Problem,
  macAddressProblem,
  usernameProblem,
} from "./names";

export { checkedString };

/** A string schema that must match `pattern`; `expected` describes it for the message. */
export function patternString(pattern: RegExp, expected: string) {
  return checkedString((v) => (pattern.test(v) ? undefined : `invalid value "${v}" (expected ${expected})`));
}

/** Non-empty free text (descriptions, image names, versions without a fixed format). */
export const nonEmptyString = z.string().min(1);
/** A single command-line word: non-empty, no whitespace or control characters. */
export const wordString = patternString(/^[^\s\x00-\x1f\x7f]+$/, "a single word without spaces");

// One schema per name kind; see names.ts and the providers' schema.ts for the rules and their sources.
export const poolName = checkedString(poolNameProblem);
export const datasetName = checkedString(configDatasetNameProblem);
export const diskPath = checkedString(diskPathProblem);
export const username = checkedString(usernameProblem);
export const storageId = checkedString(storageIdProblem);
export const ctid = checkedString(ctidProblem);
export const ipv4 = checkedString(ipv4Problem);
export const ipv4Cidr = checkedString(ipv4CidrProblem);
export const absolutePath = checkedString(absolutePathProblem);
export const hostname = checkedString(hostnameProblem);
export const interfaceName = checkedString(interfaceNameProblem);
export const macAddress = checkedString(macAddressProblem);
export const httpUrl = checkedString(httpUrlProblem);
export const zfsSize = checkedString(zfsSizeProblem);

/** TCP/UDP port number. */
export const port = z.int().min(1).max(65535);
// z.int() already refuses non-integers, NaN, infinities and values beyond 2^53-1; the bounds
// below are what the host or the byte counts derived from a value can carry.
/** Largest count of 32-bit things (ids, retries, seconds) a host tool accepts. */
export const UINT32_MAX = 2 ** 32 - 1;
/** Whole number of at least 1 (cores, counts), at most 2^32-1. */
export const positiveInt = z.int().min(1).max(UINT32_MAX);
/** Whole number of at least 0 (boot order, delays), at most 2^32-1. */
export const nonNegativeInt = z.int().min(0).max(UINT32_MAX);

/** The largest size in units of `unitBytes` whose byte count is still an exact JavaScript number. */
export function maxSizeIn(unitBytes: number): number {
  return Math.floor(Number.MAX_SAFE_INTEGER / unitBytes);
}

/** A size in whole units of `unitBytes` (GiB, MiB) from `min`, bounded so its byte count stays exact. */
export function sizeInt(min: number, unitBytes: number, unit: string) {
  const max = maxSizeIn(unitBytes);
  return z.int().min(min).max(max, { message: `must be at most ${max} ${unit} (larger sizes cannot be counted in bytes exactly)` });
}

/** A secret the file holds in plain text: checked without ever quoting the value in a message. */
export const secretString = z.custom<string>((v) => typeof v === "string" && v.length > 0, "expected a non-empty string (the value is not shown: it is a secret)");

/** Firewall policy names shared by the host and container firewall blocks. */
export const firewallPolicy = z.enum(["ACCEPT", "DROP", "REJECT"]);

/** A list whose entries must be unique; `describe` names an entry in the message. */
export function uniqueArray<T extends z.ZodType>(item: T, describe: (value: z.output<T>) => string) {
  return z.array(item).superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const key = describe(value);
      if (seen.has(key)) ctx.addIssue({ code: "custom", message: `${key} is listed more than once`, path: [index] });
      seen.add(key);
    });
  });
}
