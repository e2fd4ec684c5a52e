import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../../../providers/ssh/errors";
import {
  observeStorage,
  parseStorageCfg,
  readStorageCfgArgv,
  splitList,
  storageCfgText,
} from "../../../providers/proxmox-storage/inspect";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/proxmox-storage", name), "utf8");
const asObject = (text: string) => Object.fromEntries(parseStorageCfg(text));
const LOCAL_DEFAULT = {
  type: "dir",
  id: "local",
  props: { path: "/var/lib/vz", content: "backup,images,iso,rootdir,snippets,vztmpl", "prune-backups": "keep-all=1" },
};

describe("readStorageCfgArgv / storageCfgText", () => {
  it("reads the file with cat under LC_ALL=C", () => {
    expect(readStorageCfgArgv()).toEqual(["env", "LC_ALL=C", "cat", "/etc/pve/storage.cfg"]);
  });

  it("returns the file text on success", () => {
    expect(storageCfgText({ code: 0, stdout: "dir: local\n", stderr: "" }, "pve")).toBe("dir: local\n");
  });

  it("treats a missing file as empty", () => {
    const missing = { code: 1, stdout: "", stderr: "cat: /etc/pve/storage.cfg: No such file or directory\n" };
    expect(storageCfgText(missing, "pve")).toBe("");
  });

  it("fails with the command and host on any other error", () => {
    const denied = { code: 1, stdout: "", stderr: "cat: /etc/pve/storage.cfg: Permission denied\n" };
    expect(() => storageCfgText(denied, "pve")).toThrow(CommandError);
    expect(() => storageCfgText(denied, "pve")).toThrow(
      "Command failed with exit code 1 on pve: env LC_ALL=C cat /etc/pve/storage.cfg\ncat: /etc/pve/storage.cfg: Permission denied",
    );
  });
});

describe("parseStorageCfg", () => {
  it("knows only the implicit local storage when the file is empty or missing", () => {
    expect(asObject("")).toEqual({ local: LOCAL_DEFAULT });
  });

  it("parses the PVE reference example exactly", () => {
    expect(asObject(fixture("reference-example.cfg"))).toEqual({
      local: { type: "dir", id: "local", props: { path: "/var/lib/vz", content: "backup,iso,vztmpl" } },
      "local-zfs": {
        type: "zfspool",
        id: "local-zfs",
        props: { pool: "rpool/data", content: "images,rootdir", mountpoint: "/rpool/data", sparse: "1" },
      },
      nas: {
        type: "nfs",
        id: "nas",
        props: { export: "/tank/share", path: "/mnt/pve/nas", server: "10.0.0.5", content: "images,rootdir", options: "vers=4.2" },
      },
    });
  });

  it("reads hand-edited files like PVE: comments, odd spacing, bare booleans, dropped keys and sections", () => {
    const parsed = parseStorageCfg(fixture("odd-spacing.cfg"));
    expect([...parsed.keys()]).toEqual(["local", "quickOS-vm-disks", "fastData-shared-iso", "no-content", "quickOS-lxc-disks"]);
    expect(Object.fromEntries(parsed)).toEqual({
      // trailing slash canonicalised, so this is still the real local; node restrictions removed
      local: { type: "dir", id: "local", props: { path: "/var/lib/vz", content: "backup,iso,vztmpl" } },
      // `iso` unsupported on zfspool, `server` not a zfspool option, second `pool` a duplicate
      "quickOS-vm-disks": {
        type: "zfspool",
        id: "quickOS-vm-disks",
        props: { pool: "quickOS/vm-disks", content: "images,rootdir", sparse: "1", blocksize: "16k" },
      },
      "fastData-shared-iso": {
        type: "dir",
        id: "fastData-shared-iso",
        props: { path: "/fastData/shared-iso", content: "iso,vztmpl", is_mountpoint: "/fastData", disable: "1" },
      },
      "no-content": {
        type: "dir",
        id: "no-content",
        props: { path: "/srv/no-content", is_mountpoint: "no", content: "images,rootdir" },
      },
      // the header right below it (no blank line) is swallowed as an ignored line
      "quickOS-lxc-disks": { type: "zfspool", id: "quickOS-lxc-disks", props: { pool: "quickOS/lxc-disks", content: "rootdir" } },
    });
  });

  it.each([
    ["a local storage of another type", "zfspool: local\n\tpool rpool\n"],
    ["a local storage at another path", "dir: local\n\tpath /srv\n"],
    ["a local storage without a path", "dir: local\n\tcontent iso\n"],
  ])("replaces %s by the built-in one", (_what, text) => {
    expect(parseStorageCfg(text).get("local")).toEqual(LOCAL_DEFAULT);
  });

  it("lets a later section with the same id win, and an invalid later one remove it", () => {
    expect(parseStorageCfg("dir: a1\n\tpath /a\n\ndir: a1\n\tpath /b\n").get("a1")?.props.path).toBe("/b");
    expect(parseStorageCfg("dir: a1\n\tpath /a\n\ndir: a1\n\tcontent iso\n").get("a1")).toBeUndefined();
  });

  it("keeps content 'none' of a dir storage and drops none mixed with other types", () => {
    expect(parseStorageCfg("dir: d1\n\tpath /d\n\tcontent none\n").get("d1")?.props.content).toBe("none");
    expect(parseStorageCfg("dir: d1\n\tpath /d\n\tcontent none,iso\n").get("d1")).toBeUndefined();
  });
});

describe("observeStorage", () => {
  const phoenix = parseStorageCfg(fixture("phoenix-storages.cfg"));

  it.each([
    [
      "quickOS-vm-disks",
      { storageId: "quickOS-vm-disks", type: "zfspool", pool: "quickOS/vm-disks", content: ["images"], mountpoint: "/quickOS/vm-disks", disabled: false },
    ],
    [
      "quickOS-shared-prod-data-volumes",
      {
        storageId: "quickOS-shared-prod-data-volumes",
        type: "zfspool",
        pool: "quickOS/shared-prod-data-volumes",
        content: ["images", "rootdir"],
        mountpoint: "/quickOS/shared-prod-data-volumes",
        disabled: false,
      },
    ],
    [
      "fastData-shared-iso",
      { storageId: "fastData-shared-iso", type: "dir", path: "/fastData/shared-iso", content: ["iso", "vztmpl"], isMountpoint: "yes", disabled: false },
    ],
    [
      "local-zfs",
      { storageId: "local-zfs", type: "zfspool", pool: "rpool/data", content: ["images", "rootdir"], mountpoint: "/rpool/data", sparse: true, disabled: false },
    ],
  ])("observes %s", (id, expected) => {
    expect(observeStorage(phoenix, id)).toEqual(expected);
  });

  // Regression, original bug C.5: `pvesm status | grep "^<id>"` matched every id with that prefix.
  it("matches the exact id only, never a prefix", () => {
    expect(observeStorage(phoenix, "quickOS-shared-prod-data")?.path).toBe("/quickOS/shared-prod-data");
    expect(observeStorage(phoenix, "quickOS-shared-prod")).toBeUndefined();
    expect(observeStorage(phoenix, "quickOS-shared-prod-data-sync")?.path).toBe("/quickOS/shared-prod-data-sync");
  });

  it("reports an absent storage as undefined", () => {
    expect(observeStorage(phoenix, "fastData-shared-nothing")).toBeUndefined();
  });

  it("reports disabled storages and raw is_mountpoint values", () => {
    const odd = parseStorageCfg(fixture("odd-spacing.cfg"));
    expect(observeStorage(odd, "fastData-shared-iso")).toEqual({
      storageId: "fastData-shared-iso",
      type: "dir",
      path: "/fastData/shared-iso",
      content: ["iso", "vztmpl"],
      isMountpoint: "/fastData",
      disabled: true,
    });
  });

  it("observes content 'none' as an empty list", () => {
    expect(observeStorage(parseStorageCfg("dir: d1\n\tpath /d\n\tcontent none\n"), "d1")?.content).toEqual([]);
  });
});

describe("splitList", () => {
  it("splits on commas, semicolons and whitespace like PVE::Tools::split_list", () => {
    expect(splitList(" images ,rootdir;iso  vztmpl")).toEqual(["images", "rootdir", "iso", "vztmpl"]);
  });
});
