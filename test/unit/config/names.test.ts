import { describe, expect, it } from "vitest";
import {
  absolutePathProblem,
  ctidProblem,
  datasetComponentProblem,
  hostnameProblem,
  ipv4CidrProblem,
  ipv4Problem,
  isPathWithin,
  macAddressProblem,
  sambaShareNameProblem,
  storageIdProblem,
  usernameProblem,
  zpoolNameProblem,
} from "../../../config/schema/names";

type Check = (value: string) => string | undefined;

// [validator name, check, accepted values, refused values with the message they must produce]
const TABLE: [string, Check, string[], [string, string][]][] = [
  [
    "zpoolNameProblem",
    zpoolNameProblem,
    ["quickOS", "fastData", "tank", "a", "p.o_o:l-1", "logs", "Spare", "x".repeat(239)],
    [
      ["", "pool name is empty"],
      ["1pool", 'pool name "1pool" must begin with a letter'],
      ["_pool", 'pool name "_pool" must begin with a letter'],
      ["my pool", 'invalid character " " in pool name "my pool" (allowed: letters, digits, _ . : -)'],
      ["a/b", 'invalid character "/" in pool name "a/b" (allowed: letters, digits, _ . : -)'],
      ["tank%", 'invalid character "%" in pool name "tank%" (allowed: letters, digits, _ . : -)'],
      ["tab\tx", 'invalid character U+0009 in pool name "tab\tx" (allowed: letters, digits, _ . : -)'],
      ["mirror", 'pool name "mirror" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)'],
      ["raidz2pool", 'pool name "raidz2pool" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)'],
      ["draid", 'pool name "draid" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)'],
      ["spare1", 'pool name "spare1" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)'],
      ["log", 'pool name "log" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)'],
      ["c0t0d0", 'pool name "c0t0d0" is reserved (names starting with c[0-9] look like Solaris disk names)'],
      ["x".repeat(240), "pool name is longer than 239 characters"],
    ],
  ],
  [
    "datasetComponentProblem",
    datasetComponentProblem,
    ["vm-disks", "shared.iso", "a:b", "A_1"],
    [
      ["", "dataset name is empty"],
      ["a/b", 'dataset name "a/b" must be a single component (no "/"); nested datasets are not supported'],
      ["..", 'dataset name ".." is not allowed'],
      [".", 'dataset name "." is not allowed'],
      ["snap@1", 'invalid character "@" in dataset name "snap@1" (allowed: letters, digits, _ . : -)'],
      ["my data", 'invalid character " " in dataset name "my data" (allowed: letters, digits, _ . : -)'],
    ],
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
    "storageIdProblem",
    storageIdProblem,
    ["quickOS-vm-disks", "local-lvm", "a1", "fastData-shared.iso"],
    [
      ["a", 'invalid storage id "a" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)'],
      ["1abc", 'invalid storage id "1abc" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)'],
      ["abc-", 'invalid storage id "abc-" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)'],
      ["fast:data-x", 'invalid storage id "fast:data-x" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)'],
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
    "absolutePathProblem",
    absolutePathProblem,
    ["/", "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M", "/var/lib/lab/disk0.img"],
    [
      ["dev/sda", 'path "dev/sda" is not absolute'],
      ["/dev/disk by-id/x", 'path "/dev/disk by-id/x" contains whitespace or a control character (" ")'],
      ["/dev/sd\0a", 'path "/dev/sd\0a" contains whitespace or a control character (U+0000)'],
      ["/dev/../sda", 'path "/dev/../sda" contains a "." or ".." segment'],
      ["/dev/./sda", 'path "/dev/./sda" contains a "." or ".." segment'],
      ["/dev//sda", 'path "/dev//sda" has an empty segment (double or trailing slash)'],
      ["/dev/sda/", 'path "/dev/sda/" has an empty segment (double or trailing slash)'],
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

describe.each(TABLE)("%s", (_name, check, accepted, refused) => {
  it.each(accepted)("accepts %j", (value) => {
    expect(check(value)).toBeUndefined();
  });

  it.each(refused)("refuses %j", (value, message) => {
    expect(check(value)).toBe(message);
  });
});

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
