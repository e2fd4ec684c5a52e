// What a feature or application script declares about itself, in its leading comment block:
//   # phoenix-needs: gpu nesting     the container must have a GPU / gets nesting=1 (as the
//                                    original did for docker) unless pct_options says otherwise
//   # phoenix-tokens: hf_token       secrets passed to this script only (stack/tokens.ts)
//   # phoenix-files: utils.sh etc/x  files from the script's directory sent beside it
// Declared in the script, so an overriding script carries its own needs; checked with the config,
// before any host command.

export const NEEDS = ["gpu", "nesting"] as const;
export type Need = (typeof NEEDS)[number];
export const TOKENS = ["hf_token", "docker_token"] as const;
export type Token = (typeof TOKENS)[number];

export interface ScriptHeader {
  readonly needs: readonly Need[];
  readonly tokens: readonly Token[];
  readonly files: readonly string[];
  /** Declarations that cannot be honoured, worded for the config error. */
  readonly problems: readonly string[];
}

export const EMPTY_HEADER: ScriptHeader = { needs: [], tokens: [], files: [], problems: [] };

const DECLARATION = /^#\s*phoenix-([a-z]+)\s*:(.*)$/;

/** Reads the declarations of the comment block that opens `text` (after an optional shebang). */
export function parseScriptHeader(text: string): ScriptHeader {
  const needs = new Set<Need>();
  const tokens = new Set<Token>();
  const files: string[] = [];
  const problems: string[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#!")) continue;
    if (!trimmed.startsWith("#")) break;
    const match = DECLARATION.exec(trimmed);
    if (!match) continue;
    const [, key, rest] = match;
    const words = rest.trim().split(/\s+/).filter((w) => w !== "");
    if (key === "needs") collect(words, NEEDS, needs, "need", problems);
    else if (key === "tokens") collect(words, TOKENS, tokens, "token", problems);
    else if (key === "files") files.push(...words);
    else problems.push(`unknown declaration "phoenix-${key}" (known: phoenix-needs, phoenix-tokens, phoenix-files)`);
  }
  return { needs: [...needs], tokens: [...tokens], files: [...new Set(files)], problems };
}

function collect<T extends string>(words: string[], known: readonly T[], into: Set<T>, what: string, problems: string[]): void {
  for (const word of words) {
    if ((known as readonly string[]).includes(word)) into.add(word as T);
    else problems.push(`unknown ${what} "${word}" (known: ${known.join(", ")})`);
  }
}
