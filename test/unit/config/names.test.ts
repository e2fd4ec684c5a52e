import { describe, expect, it } from "vitest";
import {
  configDatasetNameProblem,
  ctidProblem,
  hostnameProblem,
  ipv4CidrProblem,
  ipv4Problem,
  isPathWithin,
  macAddressProblem,
  sambaShareNameProblem,
  usernameProblem,
} from "../../../config/schema/names";
import { describeProblems, type ProblemCheck } from "../problem-table";

// [validator name, check, accepted values, refused values with the message they must produce]
const TABLE: [string, ProblemCheck, string[], [string, string][]][] = [
  [
    // The component rule itself is ZfsDataset's (test/unit/zfs-dataset/schema.test.ts).
    "configDatasetNameProblem",
    configDatasetNameProblem,
    ["vm-disks"],
    [["a/b", 'dataset name "a/b" must be a single component (no "/"); nested datasets are not supported']],
  ],
  [
    "usernameProblem",
    usernameProblem,
    ["heads", "phoenix_admin", "_svc", "a-b", "machine$", "a".repeat(32)],
    [
      ["", "user name is empty"],
      ["Heads", 'invalid user name "Heads" (expected a lower-case letter or _, then lower-case letters, digits, _ or -)'],
      ["1user", 'invalid user name "1user" (expected a lower-case letter or _, then lower-case letters, digits, _ or -)'],
      ["a b", 'invalid user name "a b" (expected a lower-case letter or _, then lower-case letters, digits, _ or -)'],
      ["a".repeat(33), `user name "${"a".repeat(33)}" is longer than 32 characters`],
    ],
  ],
  [
    "sambaShareNameProblem",
    sambaShareNameProblem,
    ["shared-prod-data", "Media Library", "x".repeat(80)],
    [
      ["", "share name is empty"],
      [" x", 'share name " x" has leading or trailing spaces'],
      ["a[b]", 'invalid character "[" in share name "a[b]"'],
      ["a/b", 'invalid character "/" in share name "a/b"'],
      ["Global", 'share name "Global" is reserved in smb.conf'],
      ["homes", 'share name "homes" is reserved in smb.conf'],
      ["x".repeat(81), `share name "${"x".repeat(81)}" is longer than 80 characters`],
    ],
  ],
  [
    "ctidProblem",
    ctidProblem,
    ["100", "950", "999999999"],
    [
      ["99", 'invalid container id "99" (expected a whole number from 100 to 999999999, without leading zeros)'],
      ["0950", 'invalid container id "0950" (expected a whole number from 100 to 999999999, without leading zeros)'],
      ["1000000000", 'invalid container id "1000000000" (expected a whole number from 100 to 999999999, without leading zeros)'],
      ["9e2", 'invalid container id "9e2" (expected a whole number from 100 to 999999999, without leading zeros)'],
    ],
  ],
  [
    "ipv4Problem",
    ipv4Problem,
    ["10.0.0.1", "0.0.0.0", "255.255.255.255"],
    [
      ["10.0.0.256", 'invalid IPv4 address "10.0.0.256"'],
      ["10.0.0", 'invalid IPv4 address "10.0.0"'],
      ["10.0.0.01", 'invalid IPv4 address "10.0.0.01"'],
      ["10.0.0.1/24", 'invalid IPv4 address "10.0.0.1/24"'],
    ],
  ],
  [
    "ipv4CidrProblem",
    ipv4CidrProblem,
    ["10.0.0.13/24", "10.0.0.0/0", "10.0.0.1/32"],
    [
      ["10.0.0.13", 'invalid IPv4 CIDR "10.0.0.13" (expected an address and prefix length, e.g. 10.0.0.13/24)'],
      ["10.0.0.13/33", 'invalid IPv4 CIDR "10.0.0.13/33" (expected an address and prefix length, e.g. 10.0.0.13/24)'],
      ["10.0.0.300/24", 'invalid IPv4 CIDR "10.0.0.300/24" (expected an address and prefix length, e.g. 10.0.0.13/24)'],
      ["10.0.0.1/24/1", 'invalid IPv4 CIDR "10.0.0.1/24/1" (expected an address and prefix length, e.g. 10.0.0.13/24)'],
    ],
  ],
  [
    "hostnameProblem",
    hostnameProblem,
    ["Template-Base", "vllm-qwen2.5-7b-awq", "pve"],
    [
      ["-x", 'invalid host name "-x" (expected dot-separated labels of letters, digits and inner hyphens)'],
      ["a_b", 'invalid host name "a_b" (expected dot-separated labels of letters, digits and inner hyphens)'],
      ["a..b", 'invalid host name "a..b" (expected dot-separated labels of letters, digits and inner hyphens)'],
    ],
  ],
  [
    "macAddressProblem",
    macAddressProblem,
    ["52:54:00:AA:BB:CC", "52:54:00:67:89:b0"],
    [
      ["52:54:00:AA:BB", 'invalid MAC address "52:54:00:AA:BB"'],
      ["52-54-00-AA-BB-CC", 'invalid MAC address "52-54-00-AA-BB-CC"'],
      ["01:00:5e:00:00:01", 'MAC address "01:00:5e:00:00:01" is a multicast address'],
    ],
  ],
];

for (const [name, check, accepted, refused] of TABLE) describeProblems(name, check, accepted, refused);

describe("isPathWithin", () => {
  it.each([
    ["/quickOS/shared-prod-data", "/quickOS/shared-prod-data", true],
    ["/quickOS/shared-prod-data/ssl", "/quickOS/shared-prod-data", true],
    ["/anything", "/", true],
    // A sibling that shares a prefix is not inside: the C.4 check must not be fooled by it.
    ["/fastData/shared-test-data-sync", "/fastData/shared-test-data", false],
    ["/mnt/pve", "/mnt/pve/quickOS", false],
  ])("%s within %s is %s", (path, base, expected) => {
    expect(isPathWithin(path, base)).toBe(expected);
  });
});
