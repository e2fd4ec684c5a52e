// Rewrites /etc/modprobe.d/zfs.conf so it sets zfs_arc_max exactly once, keeping every other
// line and every other zfs option (zfs_arc_min, l2arc tunables, …) that an admin put there.

/** First line of a file Phoenix creates, so a reader knows where it came from. */
export const MODPROBE_HEADER = "# Created by Phoenix (ZfsArc). zfs_arc_max is managed; other lines are kept.";

const OPTIONS_ZFS = /^\s*options\s+zfs(?:\s+(.*))?$/;

/**
 * Returns the file content with one `options zfs zfs_arc_max=<bytes>` line, placed where the first
 * old zfs_arc_max was (else appended). Idempotent: rewriting its own output changes nothing.
 */
export function rewriteModprobeConf(content: string | null, bytes: number): string {
  const ours = `options zfs zfs_arc_max=${bytes}`;
  if (content === null || content.trim() === "") return `${MODPROBE_HEADER}\n${ours}\n`;
  const out: string[] = [];
  let placed = false;
  for (const line of content.replace(/\n$/, "").split("\n")) {
    const match = OPTIONS_ZFS.exec(line);
    const params = (match?.[1] ?? "").split(/\s+/).filter((p) => p !== "");
    const others = params.filter((p) => !p.startsWith("zfs_arc_max="));
    if (!match || others.length === params.length) {
      out.push(line); // not ours to touch
      continue;
    }
    if (others.length > 0) out.push(`options zfs ${others.join(" ")}`);
    if (!placed) out.push(ours); // later duplicates are dropped: modprobe would apply the last one
    placed = true;
  }
  if (!placed) out.push(ours);
  return `${out.join("\n")}\n`;
}
