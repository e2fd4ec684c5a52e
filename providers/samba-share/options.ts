// The config's `options` string of a share ("browseable=yes writable=yes"), which the original
// ignored. Each key=value pair Phoenix can apply becomes a share setting; anything else is
// refused with a reason rather than dropped.

export interface ShareFlags {
  browsable?: boolean;
  readOnly?: boolean;
  guestOk?: boolean;
}

// smb.conf spellings (Samba accepts both browseable/browsable, writable/writeable; "public" is
// an old synonym of "guest ok"), written without spaces as the string separates pairs by them.
const KEYS: Record<string, { flag: keyof ShareFlags; invert: boolean }> = {
  browseable: { flag: "browsable", invert: false },
  browsable: { flag: "browsable", invert: false },
  writable: { flag: "readOnly", invert: true },
  writeable: { flag: "readOnly", invert: true },
  write_ok: { flag: "readOnly", invert: true },
  read_only: { flag: "readOnly", invert: false },
  guest_ok: { flag: "guestOk", invert: false },
  public: { flag: "guestOk", invert: false },
};
// Samba's boolean words (lib/util/util.c set_boolean).
const BOOLEAN: Record<string, boolean> = { yes: true, true: true, on: true, "1": true, no: false, false: false, off: false, "0": false };

/** The flags an options string sets, or a problem naming the pair. */
export function parseShareOptions(options: string): { flags: ShareFlags } | { problem: string } {
  const flags: ShareFlags = {};
  for (const pair of options.trim().split(/\s+/).filter(Boolean)) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).toLowerCase();
    const spec = KEYS[key];
    if (eq < 0 || spec === undefined) {
      return { problem: `share option "${pair}" is not supported: Phoenix applies ${Object.keys(KEYS).join(", ")} (each key=yes|no); other smb.conf parameters are not managed` };
    }
    const value = BOOLEAN[pair.slice(eq + 1).toLowerCase()];
    if (value === undefined) return { problem: `share option "${pair}": the value must be yes or no` };
    const setting = spec.invert ? !value : value;
    if (flags[spec.flag] !== undefined && flags[spec.flag] !== setting) return { problem: `share options contradict each other on ${spec.flag} ("${options}")` };
    flags[spec.flag] = setting;
  }
  return { flags };
}

export function shareOptionsProblem(options: string): string | undefined {
  const parsed = parseShareOptions(options);
  return "problem" in parsed ? parsed.problem : undefined;
}

/** The share's flags from its explicit keys and its options; a contradiction between them is a problem. */
export function shareFlags(share: ShareFlags & { options: string }): { flags: Required<ShareFlags> } | { problem: string } {
  const parsed = parseShareOptions(share.options);
  if ("problem" in parsed) return parsed;
  const names: Record<keyof ShareFlags, string> = { browsable: "browsable", readOnly: "read_only", guestOk: "guest_ok" };
  const defaults: Required<ShareFlags> = { browsable: true, readOnly: false, guestOk: false };
  const out = { ...defaults };
  for (const flag of Object.keys(defaults) as (keyof ShareFlags)[]) {
    const explicit = share[flag];
    const fromOptions = parsed.flags[flag];
    if (explicit !== undefined && fromOptions !== undefined && explicit !== fromOptions) {
      return { problem: `${names[flag]} is ${explicit} but options "${share.options}" say ${fromOptions}; keep one` };
    }
    out[flag] = explicit ?? fromOptions ?? defaults[flag];
  }
  return { flags: out };
}
