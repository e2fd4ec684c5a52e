import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatProblems, loadConfigPair, MAX_CONFIG_BYTES } from "../../../config/load";
import { EXAMPLES, HV_NAME, HV_PATH, LXC_NAME, LXC_PATH, shippedHv, shippedLxc, WITH_LAB_APPLICATIONS } from "./shipped";

const REFERENCE = "/work/shared/reference/phoenix-config-2025-09-23";

describe.skipIf(!existsSync(REFERENCE))("config/examples", () => {
  it.each([HV_NAME, LXC_NAME])("%s is a byte-identical copy of the shipped file", (name) => {
    expect(readFileSync(join(EXAMPLES, name)).equals(readFileSync(join(REFERENCE, name)))).toBe(true);
  });
});

describe("loadConfigPair on the shipped files", () => {
  it("accepts them with exactly these warnings", () => {
    const result = loadConfigPair(HV_PATH, LXC_PATH, WITH_LAB_APPLICATIONS);
    expect(result.ok).toBe(true);
    expect(formatProblems(result.warnings)).toMatchInlineSnapshot(`
      "warning phoenix_hypervisor_config.json $.samba.shares[4].path: "/fastData/shared-test-data-sync" is not inside any configured dataset; the share would be a plain directory
      warning phoenix_hypervisor_config.json $.vms: webserver-vm not created: Phoenix manages the host and its containers, not VMs (the original created a VM only with --create-vm <name>, and its qm command could not work)
      warning phoenix_hypervisor_config.json $.shared_volumes.nginx_sites.host_path: "/usr/local/phoenix_hypervisor/etc/nginx/sites-available" is not inside any dataset mountpoint (/<pool>/<dataset>) or mount_point_base (/mnt/pve); it lives on the root file system
      warning phoenix_hypervisor_config.json $.shared_volumes.firewall: firewall belongs at the top level; it is read as the top-level firewall block
      warning phoenix_hypervisor_config.json $.nvidia_driver.install_vllm_libs: changes nothing (nor did it in the original): vLLM is built inside each container that lists the vllm feature, whatever this says
      warning phoenix_hypervisor_config.json $.nvidia_driver: no runfile_sha256: Phoenix installs no driver it cannot verify, so an install or upgrade is refused (the host must already run this version)"
    `);
  });

  it("reads the misplaced shared_volumes.firewall block as the host firewall (no global_firewall_rules: no rules, so [RULES] is not managed)", () => {
    const result = loadConfigPair(HV_PATH, LXC_PATH, WITH_LAB_APPLICATIONS);
    expect(result.ok && result.hypervisor.firewall).toEqual({ enabled: true, default_input_policy: "DROP", default_output_policy: "ACCEPT" });
  });

  it("keeps every LXC key, including the ones outside the original schema", () => {
    const result = loadConfigPair(HV_PATH, LXC_PATH, WITH_LAB_APPLICATIONS);
    if (!result.ok) throw new Error(formatProblems(result.errors));
    const ct = result.lxc.lxc_configs["950"];
    expect([ct.vllm_quantization, ct.vllm_trust_remote_code, ct.integration_tests, ct.vllm_parameters?.max_num_seqs]).toEqual([
      "awq_marlin",
      true,
      { script: "run_vllm_integration_tests.sh" },
      1,
    ]);
    expect(result.lxc.lxc_configs["910"].volumes).toEqual([{ name: "portainer_data", pool: "quickOS-shared-prod-data-volumes", size_gb: 10, mount_point: "/data" }]);
    expect(result.lxc.lxc_configs["955"].features).toEqual(["nvidia", "ollama"]);
  });

  it("normalises the ZFS part", () => {
    const result = loadConfigPair(HV_PATH, LXC_PATH, WITH_LAB_APPLICATIONS);
    if (!result.ok) throw new Error(formatProblems(result.errors));
    expect(result.hypervisor.zfs).toEqual(SHIPPED_ZFS);
  });
});

describe("loadConfigPair on unusable files", () => {
  let dir: string | undefined;
  // Each test writes its own files; removing the directory keeps /tmp clean across runs.
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function writeFiles(hvText: string | Buffer, lxcText: string | Buffer): { hv: string; lxc: string } {
    dir = mkdtempSync(join(tmpdir(), "phoenix-config-"));
    writeFileSync(join(dir, HV_NAME), hvText);
    writeFileSync(join(dir, LXC_NAME), lxcText);
    return { hv: join(dir, HV_NAME), lxc: join(dir, LXC_NAME) };
  }

  it("reports missing files and directories instead of throwing", () => {
    dir = mkdtempSync(join(tmpdir(), "phoenix-config-"));
    mkdirSync(join(dir, "adir"));
    const result = loadConfigPair(join(dir, "nope.json"), join(dir, "adir"));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : formatProblems(result.errors).replaceAll(dir, "<dir>").split("\n")).toEqual([
      "error  nope.json $: cannot read <dir>/nope.json: file not found",
      "error  adir $: cannot read <dir>/adir: is a directory, not a file",
    ]);
  });

  it("refuses devices and oversized files without reading them", () => {
    const { hv } = writeFiles(Buffer.alloc(MAX_CONFIG_BYTES + 1, 0x20), "{}");
    const result = loadConfigPair(hv, "/dev/zero");
    expect(result.ok ? [] : result.errors.map((e) => e.message.replace(dir as string, "<dir>"))).toEqual([
      `cannot read <dir>/${HV_NAME}: larger than ${MAX_CONFIG_BYTES} bytes`,
      "cannot read /dev/zero: not a regular file",
    ]);
  });

  it("refuses bytes that are not UTF-8 instead of reading them as U+FFFD", () => {
    const files = writeFiles(Buffer.from('{"author": "caf\xe9"}', "latin1"), readFileSync(LXC_PATH));
    const result = loadConfigPair(files.hv, files.lxc, WITH_LAB_APPLICATIONS);
    expect(result.ok ? [] : result.errors.map((e) => e.message.replace(dir as string, "<dir>"))).toEqual([`cannot read <dir>/${HV_NAME}: not valid UTF-8 text`]);
  });

  it("reports JSON syntax errors with line and column, and still validates the other file", () => {
    const hvText = readFileSync(HV_PATH, "utf8").replace('"arc_max_gb": 32,', '"arc_max_gb": 32,,');
    const lxc = shippedLxc();
    lxc.lxc_configs["950"].cores = "12";
    const files = writeFiles(hvText, JSON.stringify(lxc));
    const result = loadConfigPair(files.hv, files.lxc, WITH_LAB_APPLICATIONS);
    expect(result.ok ? "" : formatProblems(result.errors)).toMatchInlineSnapshot(`
      "error  phoenix_hypervisor_config.json $: invalid JSON at line 87, column 26: expected a property name in double quotes, found ","
      error  phoenix_lxc_configs.json $.lxc_configs["950"].cores: expected a number, got "12""
    `);
  });

  it("reports duplicate keys, which JSON.parse would silently merge", () => {
    const lxcText = readFileSync(LXC_PATH, "utf8").replace('"951": {', '"950": {');
    const files = writeFiles(readFileSync(HV_PATH), lxcText);
    const result = loadConfigPair(files.hv, files.lxc, WITH_LAB_APPLICATIONS);
    expect(result.ok ? [] : result.errors.map((e) => `${e.file} ${e.path}: ${e.message}`)).toEqual([
      'phoenix_lxc_configs.json $.lxc_configs["950"]: duplicate key (JSON readers keep only the last value)',
    ]);
  });

  it("loads the shipped files through real paths exactly like in-memory documents", () => {
    const files = writeFiles(JSON.stringify(shippedHv()), JSON.stringify(shippedLxc()));
    expect(loadConfigPair(files.hv, files.lxc, WITH_LAB_APPLICATIONS)).toEqual(loadConfigPair(HV_PATH, LXC_PATH, WITH_LAB_APPLICATIONS));
  });
});

const props = (recordsize: string, compression: string, sync: string, quota: string) => ({ recordsize, compression, sync, quota });
const dataset = (pool: string, name: string, properties: Record<string, string>, type: "zfspool" | "dir", content: string[]) => ({
  pool,
  name,
  fullName: `${pool}/${name}`,
  mountpoint: `/${pool}/${name}`,
  properties,
  storage: { id: `${pool}-${name}`, type, content },
  allowDestroy: false,
  allowAdoptStorage: false,
});

const SHIPPED_ZFS = {
  pools: [
    {
      name: "quickOS",
      raidLevel: "mirror",
      disks: [
        "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M",
        "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X",
      ],
      allowWipe: false,
      allowDestroy: false,
    },
    {
      name: "fastData",
      raidLevel: "single",
      disks: ["/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y"],
      allowWipe: false,
      allowDestroy: false,
    },
  ],
  datasets: [
    dataset("quickOS", "vm-disks", props("128K", "lz4", "standard", "800G"), "zfspool", ["images"]),
    dataset("quickOS", "lxc-disks", props("16K", "lz4", "standard", "600G"), "zfspool", ["rootdir"]),
    dataset("quickOS", "shared-prod-data", props("128K", "lz4", "standard", "400G"), "dir", ["images"]),
    dataset("quickOS", "shared-prod-data-sync", props("16K", "lz4", "always", "100G"), "dir", ["images"]),
    dataset("quickOS", "shared-prod-data-volumes", props("128K", "lz4", "standard", "400G"), "zfspool", ["images", "rootdir"]),
    dataset("fastData", "shared-test-data", props("128K", "lz4", "standard", "500G"), "dir", ["images", "rootdir"]),
    dataset("fastData", "shared-backups", props("1M", "zstd", "standard", "2T"), "dir", ["backup"]),
    dataset("fastData", "shared-iso", props("1M", "lz4", "standard", "100G"), "dir", ["iso", "vztmpl"]),
    dataset("fastData", "shared-bulk-data", props("1M", "lz4", "standard", "1.4T"), "dir", ["images"]),
  ],
  arcMaxBytes: 32 * 1024 ** 3,
};
