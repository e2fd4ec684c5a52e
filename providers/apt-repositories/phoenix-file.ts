// The content of Phoenix's own repository file for a release: Proxmox VE's and Ceph's
// no-subscription repositories, signed by the key that release ships.
import { PHOENIX_LIST, PHOENIX_SOURCES, type Release } from "./schema";

const HEADER = "# Managed by Phoenix (AptRepositories): Proxmox VE no-subscription repositories; edits are reverted.";
const BASE = "http://download.proxmox.com/debian";

export function phoenixPath(release: Release): string {
  return release.format === "list" ? PHOENIX_LIST : PHOENIX_SOURCES;
}

export function phoenixContent(release: Release, ceph: string): string {
  const repos = [
    { uri: `${BASE}/pve`, component: "pve-no-subscription" },
    { uri: `${BASE}/ceph-${ceph}`, component: "no-subscription" },
  ];
  if (release.format === "list") return `${HEADER}\n${repos.map((r) => `deb ${r.uri} ${release.codename} ${r.component}\n`).join("")}`;
  const stanza = (r: (typeof repos)[number]) => `Types: deb\nURIs: ${r.uri}\nSuites: ${release.codename}\nComponents: ${r.component}\nSigned-By: ${release.keyring}\n`;
  return `${HEADER}\n${repos.map(stanza).join("\n")}`;
}
