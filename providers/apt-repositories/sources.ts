// Pure reading and editing of APT source files in both formats: one-line `.list` (sources.list(5))
// and deb822 `.sources` stanzas. Entries are disabled in place (a `# ` before a line, `Enabled: no`
// in a stanza), as Proxmox VE's own repository panel does, so nothing the host had is lost.

const ENTERPRISE = /https?:\/\/enterprise\.proxmox\.com\//;
const PROXMOX = /https?:\/\/(enterprise|download)\.proxmox\.com\//;
const LIST_LINE = /^deb(-src)?\s/;

export const isDeb822 = (path: string) => path.endsWith(".sources");

/** Whether a file's text names any Proxmox repository (kept in state; others are not Phoenix's). */
export function namesProxmox(text: string): boolean {
  return PROXMOX.test(text);
}

/** Stanzas of a deb822 file as line groups (blank lines separate them and are kept apart). */
function stanzas(text: string): string[][] {
  const groups: string[][] = [[]];
  for (const line of text.replace(/\n$/, "").split("\n")) {
    if (line.trim() === "") groups.push([]);
    else groups[groups.length - 1].push(line);
  }
  return groups;
}

const FALSE = /^(no|false|off|without|disable)$/i;
const fieldOf = (stanza: string[], name: string) => stanza.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();

export interface Entry {
  readonly enterprise: boolean;
  readonly enabled: boolean;
  /** The repository URI (the first for a stanza naming several). */
  readonly uri: string;
}

/** The Proxmox entries a file holds, enabled or not. */
export function proxmoxEntries(path: string, text: string): Entry[] {
  if (isDeb822(path)) {
    return stanzas(text)
      .map((s) => ({ s, uris: fieldOf(s.filter((l) => !l.startsWith("#")), "URIs") }))
      .filter(({ uris }) => uris !== undefined && PROXMOX.test(uris))
      .map(({ s, uris }) => ({ enterprise: ENTERPRISE.test(uris!), enabled: !FALSE.test(fieldOf(s, "Enabled") ?? "yes"), uri: uris!.split(/\s+/)[0] }));
  }
  const out: Entry[] = [];
  for (const line of text.split("\n")) {
    const body = line.replace(/^\s*#\s*/, "");
    if (!LIST_LINE.test(body.trim()) || !PROXMOX.test(body)) continue;
    out.push({ enterprise: ENTERPRISE.test(body), enabled: !/^\s*#/.test(line), uri: /https?:\/\/\S+/.exec(body)![0] });
  }
  return out;
}

/** The file with its enterprise entries enabled or disabled in place; the rest as written. */
export function withEnterprise(path: string, text: string, enabled: boolean): string {
  if (isDeb822(path)) {
    const parts = text.replace(/\n$/, "").split(/(\n[ \t]*\n)/);
    return `${parts
      .map((part) => {
        const lines = part.split("\n");
        const uris = fieldOf(lines.filter((l) => !l.startsWith("#")), "URIs");
        if (uris === undefined || !ENTERPRISE.test(uris)) return part;
        const kept = lines.filter((l) => !/^enabled:/i.test(l));
        return (enabled ? kept : [...kept, "Enabled: no"]).join("\n");
      })
      .join("")}\n`;
  }
  return text
    .split("\n")
    .map((line) => {
      if (!ENTERPRISE.test(line)) return line;
      const commented = /^\s*#/.test(line);
      const body = line.replace(/^\s*#\s*/, "");
      if (!LIST_LINE.test(body.trim())) return line;
      if (enabled) return commented ? body : line;
      return commented ? line : `# ${line}`;
    })
    .join("\n");
}
