// Every resource kind the runtime serves, by the name its shim carries.
import type { ResourceDefinition } from "./adapter/definition";
import { adminUserDefinition } from "./admin-user/provider";
import { aptRepositoriesDefinition } from "./apt-repositories/provider";
import { hostNameDefinition } from "./host-name/provider";
import { hostTimezoneDefinition } from "./host-timezone/provider";
import { firewallDefinition } from "./firewall/provider";
import { lxcContainerDefinition } from "./lxc-container/provider";
import { lxcSnapshotDefinition } from "./lxc-snapshot/provider";
import { lxcTemplateDefinition } from "./lxc-template/provider";
import { nfsExportDefinition } from "./nfs-export/provider";
import { nvidiaDriverDefinition } from "./nvidia-driver/provider";
import { phoenixHostDefinition } from "./phoenix-host/provider";
import { proxmoxStorageDefinition } from "./proxmox-storage/provider";
import { sambaShareDefinition } from "./samba-share/provider";
import { sambaUserDefinition } from "./samba-user/provider";
import { containerScriptDefinition, hostScriptDefinition } from "./script/provider";
import { sharedVolumeDefinition } from "./shared-volume/provider";
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
  HostTimezone: hostTimezoneDefinition,
  HostName: hostNameDefinition,
  AptRepositories: aptRepositoriesDefinition,
  SharedVolume: sharedVolumeDefinition,
  Firewall: firewallDefinition,
  NvidiaDriver: nvidiaDriverDefinition,
  SambaUser: sambaUserDefinition,
  SambaShare: sambaShareDefinition,
  HostScript: hostScriptDefinition,
  ContainerScript: containerScriptDefinition,
};
