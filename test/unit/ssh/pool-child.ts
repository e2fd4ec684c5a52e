// Child process for pool.test.ts: uses the pool like a provider process would, then either goes
// idle (must exit by itself) or stays alive like Pulumi's gRPC server until it gets a signal.
import { getSession, sessionCount } from "../../../providers/ssh/pool";

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.PHOENIX_TEST_SETTINGS ?? "{}");
  const result = await getSession(settings).run("echo child-ran");
  process.stdout.write(result.stdout);
  if (process.argv[2] === "idle") {
    process.on("beforeExit", () => process.stdout.write(`sessions=${sessionCount()}\n`));
  } else {
    setInterval(() => undefined, 1_000); // stands in for the provider's gRPC server
    process.stdout.write("waiting\n");
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
