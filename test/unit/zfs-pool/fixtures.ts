// What the ZfsPool tests share: the captured host outputs in test/fixtures/zfs and the disks
// they show (the shipped config's by-id paths: two 2TB NVMe, one 4TB NVMe, four 8TB SATA).
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The text of one captured output, e.g. `zpool-status-mirror.txt`. */
export const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/zfs", name), "utf8");
export const BY = "/dev/disk/by-id/";
export const N1 = `${BY}nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M`;
export const N2 = `${BY}nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X`;
export const N4 = `${BY}nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y`;
export const ATA = ["CA0DB1KK", "CA0DB2MM", "CA0DB3PP", "CA0DB4RR"].map((s) => `${BY}ata-WDC_WD80EFZZ-68BTXN0_WD-${s}`);
