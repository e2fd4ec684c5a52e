// Stack settings that name directories, read the same way by the program and `npm run phoenix`.

/** A stack setting naming directories: a JSON list of paths or comma-separated paths (featureDirs, applicationDirs, testDirs). */
export function parseDirList(fileName: string, key: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  if (value.trim().startsWith("[")) {
    let list: unknown;
    try {
      list = JSON.parse(value);
    } catch {
      list = undefined;
    }
    if (!Array.isArray(list) || list.some((d) => typeof d !== "string" || d.trim() === "")) {
      throw new Error(`${fileName}: phoenix:${key} must be a JSON list of paths or comma-separated paths`);
    }
    return (list as string[]).map((d) => d.trim());
  }
  return value.split(",").map((d) => d.trim()).filter((d) => d !== "");
}
