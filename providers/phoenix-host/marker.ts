// The host-side marker that records which stack owns a host: where it lives, how it is read
// and written (pure: argv builders and parsers).
import { step, type Step } from "../core/step";
import type { ChosenClaim, HostMarker } from "./schema";

export const MARKER_PATH = "/etc/phoenix/owner.json";

/** Reads the marker; exit 0 with empty output when there is none. */
export function readMarkerArgv(): string[] {
  return ["sh", "-c", 'if [ -e "$1" ]; then cat -- "$1"; fi', "sh", MARKER_PATH];
}

/** Parses the marker text; throws on a file that is not a marker (never guessed as absent). */
export function parseMarker(text: string, host: string): HostMarker | null {
  if (text.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${host}: ${MARKER_PATH} is not a Phoenix owner marker (not JSON); remove it if no stack manages this host`);
  }
  const m = value as Partial<HostMarker>;
  if (typeof m.claimId !== "string" || typeof m.stack !== "string") {
    throw new Error(`${host}: ${MARKER_PATH} is not a Phoenix owner marker (no claimId/stack); remove it if no stack manages this host`);
  }
  return { claimId: m.claimId, stack: m.stack, where: typeof m.where === "string" ? m.where : "", claimedAt: typeof m.claimedAt === "string" ? m.claimedAt : "" };
}

/** Writes the marker atomically (a sibling, then rename); the content travels on stdin. */
export function writeMarkerStep(desired: ChosenClaim, claimedAt: string, why: string): Step {
  const marker: HostMarker = { claimId: desired.claimId, stack: desired.stack, where: desired.where, claimedAt };
  const script = 'mkdir -p -- "${1%/*}" && umask 022 && cat > "$1.phoenix-tmp" && mv -f -- "$1.phoenix-tmp" "$1"';
  return step(why, ["sh", "-c", script, "sh", MARKER_PATH], { stdin: `${JSON.stringify(marker, null, 2)}\n` });
}

export function removeMarkerStep(): Step {
  return step("release the host: remove the owner marker", ["rm", "-f", "--", MARKER_PATH]);
}

/** How messages name an owner. */
export function describeOwner(m: HostMarker): string {
  const where = m.where ? ` at ${m.where}` : "";
  const since = m.claimedAt ? `, since ${m.claimedAt}` : "";
  return `stack ${m.stack}${where} (claim ${m.claimId}${since})`;
}
