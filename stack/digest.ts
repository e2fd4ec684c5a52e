// The short digests that say what a script or snapshot was made from: a change of the value
// changes the digest, which re-runs the script or re-takes the snapshot.
import { createHash } from "node:crypto";

/** The first 16 hex digits of the SHA-256 of `value` as JSON. */
export const shortDigest = (value: unknown): string => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
