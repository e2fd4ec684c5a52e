// The host-side marker that records which stack owns a host: where it lives, how it is read
// and written (pure: argv builders and parsers).
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
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

/** The marker file's text for a claim. */
export function markerText(claim: ChosenClaim, claimedAt: string): string {
  const marker: HostMarker = { claimId: claim.claimId, stack: claim.stack, where: claim.where, claimedAt };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/**
 * Writes the marker through the one host file edit (lock, compare, atomic rename, verify). At
 * apply time the change refuses if another stack claimed the host since the plan was made
 * (`replacing` is the claim id this write may replace: ours, or the one taken over).
 */
export function writeMarkerStep(claim: ChosenClaim, claimedAt: string, why: string, observed: HostMarker | null, replacing?: string): Step {
  const text = markerText(claim, claimedAt);
  const change = (current: string | null) => {
    const now = current === null ? null : parseMarker(current, "the host");
    if (now !== null && now.claimId !== claim.claimId && now.claimId !== replacing) {
      throw new Error(`the host was claimed by ${describeOwner(now)} while this run was planning; nothing was written`);
    }
    return text;
  };
  const before = observed === null ? null : markerText({ ...observed }, observed.claimedAt);
  const edit = planFileEdit(MARKER_PATH, before, change, { createDirectory: true, mode: 0o644 });
  return edit === undefined ? step(why, ["true"]) : fileEditStep(why, edit);
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
