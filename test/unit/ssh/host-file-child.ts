// A second Phoenix process for the host file tests: appends lines to one host file through its
// own SSH session, so edits from two processes meet only at the host-side lock.
import { editHostFile } from "../../../providers/ssh/host-file";
import { closeAllSessions, getSession } from "../../../providers/ssh/pool";

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.PHOENIX_TEST_SETTINGS ?? "{}");
  const [path, prefix, count, lockDir] = process.argv.slice(2);
  const session = getSession(settings);
  const results = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      editHostFile(session, path, (current) => `${current ?? ""}${prefix}${i}\n`, lockDir ? { lockDir } : {}),
    ),
  );
  process.stdout.write(`retries=${results.reduce((n, r) => n + r.attempts - 1, 0)}\n`);
  await closeAllSessions();
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
