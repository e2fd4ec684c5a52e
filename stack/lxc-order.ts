// Pure helpers for declaring containers: where each container's template archive comes from,
// and an order in which every container comes after the ones it is cloned from or depends on.
import type { ZfsConfig } from "../config/normalize";
import type { ContainerSpec } from "../config/normalize-lxc";

/** A template archive Phoenix downloads with pveam: storage id and catalog file name. */
export interface TemplateRef {
  readonly storage: string;
  readonly file: string;
}

const VOLID_RE = /^([a-zA-Z][a-zA-Z0-9\-_.]*[a-zA-Z0-9]):vztmpl\/([^/]+)$/;

/**
 * The archive a container is created from, when Phoenix can fetch it: a `template_file` (on the
 * storage the config names), a `<storage>:vztmpl/<file>` volid, or an absolute path inside the
 * template cache of a `dir` storage the config registers (`<path>/template/cache/<file>`, where
 * PVE's DirPlugin keeps vztmpl content). Undefined for clones and for paths outside any such
 * storage: the archive must then already be on the host.
 */
export function templateRef(spec: ContainerSpec, zfs: ZfsConfig): TemplateRef | undefined {
  const source = spec.source;
  if (source.kind === "template_file") return { storage: source.storage, file: source.file };
  if (source.kind !== "template") return undefined;
  const volid = VOLID_RE.exec(source.template);
  if (volid) return { storage: volid[1], file: volid[2] };
  for (const d of zfs.datasets) {
    if (d.storage.type !== "dir" || !d.storage.content.includes("vztmpl")) continue;
    const prefix = `${d.mountpoint.replace(/\/+$/, "")}/template/cache/`;
    if (source.template.startsWith(prefix) && !source.template.slice(prefix.length).includes("/")) {
      return { storage: d.storage.id, file: source.template.slice(prefix.length) };
    }
  }
  return undefined;
}

/** The containers this one must come after: its clone source and its dependencies that are containers. */
export function predecessors(spec: ContainerSpec, ids: ReadonlySet<string>): string[] {
  const before = [...(spec.source.kind === "clone" ? [spec.source.from] : []), ...spec.dependencies];
  return [...new Set(before.filter((id) => ids.has(id) && id !== spec.ctid))];
}

/**
 * Containers ordered so each follows its predecessors (ties keep the file's order). The config
 * checks refuse cycles before this runs; a cycle here is a bug, so it throws.
 */
export function declarationOrder(specs: readonly ContainerSpec[]): ContainerSpec[] {
  const ids = new Set(specs.map((s) => s.ctid));
  const done = new Set<string>();
  const out: ContainerSpec[] = [];
  const visit = (spec: ContainerSpec, path: string[]) => {
    if (done.has(spec.ctid)) return;
    if (path.includes(spec.ctid)) throw new Error(`container order loops: ${[...path, spec.ctid].join(" -> ")}`);
    for (const id of predecessors(spec, ids)) visit(specs.find((s) => s.ctid === id)!, [...path, spec.ctid]);
    done.add(spec.ctid);
    out.push(spec);
  };
  for (const spec of specs) visit(spec, []);
  return out;
}
