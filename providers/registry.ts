// Every resource kind the runtime serves, by the name its shim carries.
import type { ResourceDefinition } from "./adapter/definition";
import { adminUserDefinition } from "./admin-user/provider";
import { lxcContainerDefinition } from "./lxc-container/provider";
import { lxcSnapshotDefinition } from "./lxc-snapshot/provider";
import { lxcTemplateDefinition } from "./lxc-template/provider";
import { nfsExportDefinition } from "./nfs-export/provider";
import { nvidiaDriverDefinition } from "./nvidia-driver/provider";
import { phoenixHostDefinition } from "./phoenix-host/provider";
import { proxmoxStorageDefinition } from "./proxmox-storage/provider";
import { zfsArcDefinition } from "./zfs-arc/provider";
import { zfsDatasetDefinition } from "./zfs-dataset/provider";
import { zfsPoolDefinition } from "./zfs-pool/provider";

export const DEFINITIONS: Readonly<Record<string, ResourceDefinition<any, any>>> = {
  PhoenixHost: phoenixHostDefinition,
  ZfsArc: zfsArcDefinition,
  ZfsPool: zfsPoolDefinition,
  ZfsDataset: zfsDatasetDefinition,
  ProxmoxStorage: proxmoxStorageDefinition,
  LxcTemplate: lxcTemplateDefinition,
  LxcSnapshot: lxcSnapshotDefinition,
  LxcContainer: lxcContainerDefinition,
  NfsExport: nfsExportDefinition,
  AdminUser: adminUserDefinition,
  NvidiaDriver: nvidiaDriverDefinition,
};
