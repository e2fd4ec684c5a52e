// Pure edit of /etc/hosts: one line maps the node's address to its names; the names are taken
// off every other line (a line left without names goes), everything else stays as written.

/** `address<TAB>name name` or the hosts(5) fields of a line, without its comment. */
function fields(line: string): string[] {
  return line.replace(/#.*$/, "").trim().split(/\s+/).filter(Boolean);
}

/**
 * `content` with exactly one line `<address> <names...>`, at the place of the first line that
 * named one of `drop` (else after the IPv4 loopback line, else at the end). `drop` holds the
 * names themselves and any former name of the node; a short name also drops its FQDNs
 * (`pve` drops `pve.lan`), which would otherwise keep pointing at an old address.
 */
export function hostsWith(content: string | null, address: string, names: readonly string[], drop: readonly string[]): string {
  const dropped = (n: string) => drop.some((d) => n === d || (!d.includes(".") && n.startsWith(`${d}.`)));
  const lines = (content ?? "").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const wanted = [address, ...names];
  const out: string[] = [];
  let at = -1;
  let placed = false;
  for (const line of lines) {
    const f = fields(line);
    if (f.length < 2 || !f.slice(1).some(dropped)) {
      out.push(line);
      continue;
    }
    if (!placed && f.length === wanted.length && f.every((v, i) => v === wanted[i])) {
      out.push(line);
      placed = true;
      continue;
    }
    if (at < 0) at = out.length;
    const kept = f.slice(1).filter((n) => !dropped(n));
    const comment = /#.*$/.exec(line)?.[0];
    if (kept.length > 0) out.push(`${f[0]}\t${kept.join(" ")}${comment ? ` ${comment}` : ""}`);
  }
  if (!placed) {
    if (at < 0) {
      const loopback = out.findIndex((l) => fields(l)[0] === "127.0.0.1");
      at = loopback < 0 ? out.length : loopback + 1;
    }
    out.splice(at, 0, `${address}\t${names.join(" ")}`);
  }
  return `${out.join("\n")}\n`;
}
