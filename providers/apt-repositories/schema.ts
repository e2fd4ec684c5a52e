// AptRepositories inputs: which Proxmox VE package repositories the host uses. PVE ships the
// enterprise ones (they need a subscription); "no-subscription" disables those in place and adds
// the no-subscription ones for the host's own Debian release, in the format that release uses.
import { z } from "zod";

export const CHANNELS = ["no-subscription", "enterprise"] as const;
export type Channel = (typeof CHANNELS)[number];

export const AptRepositoriesInputsSchema = z.object({ channel: z.enum(CHANNELS) });
export type AptRepositoriesInputs = z.output<typeof AptRepositoriesInputsSchema>;

export const SOURCES_DIR = "/etc/apt/sources.list.d";
export const SOURCES_LIST = "/etc/apt/sources.list";
/** Phoenix's own files: one-line format up to bookworm, deb822 from trixie (PVE 9) on. */
export const PHOENIX_LIST = `${SOURCES_DIR}/phoenix-proxmox.list`;
export const PHOENIX_SOURCES = `${SOURCES_DIR}/phoenix-proxmox.sources`;

/** What a Proxmox VE major release on a Debian release looks like. */
export interface Release {
  readonly codename: string;
  readonly pve: number;
  readonly format: "list" | "deb822";
  /** The release key as PVE ships it (Phoenix never downloads a key). */
  readonly keyring: string;
  /** The Ceph release when the host names none (what that PVE's installer writes). */
  readonly ceph: string;
}

export const RELEASES: Readonly<Record<string, Release>> = {
  bookworm: { codename: "bookworm", pve: 8, format: "list", keyring: "/etc/apt/trusted.gpg.d/proxmox-release-bookworm.gpg", ceph: "quincy" },
  trixie: { codename: "trixie", pve: 9, format: "deb822", keyring: "/usr/share/keyrings/proxmox-archive-keyring.gpg", ceph: "squid" },
};

export interface AptRepositoriesObserved {
  /** VERSION_CODENAME of /etc/os-release. */
  readonly codename: string | null;
  /** The release key of that release exists. */
  readonly keyring: boolean;
  /** Content of every file that names a Proxmox repository, and of Phoenix's files; path → text. */
  readonly files: Readonly<Record<string, string>>;
}
