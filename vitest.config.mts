import { defineConfig } from "vitest/config";

// Pulumi's closure serializer needs the main-thread inspector, so tests run in forked
// processes, never in worker threads (vitest `threads` hangs on serialization).
export default defineConfig({
  test: {
    pool: "forks",
    projects: [
      {
        test: {
          name: "unit",
          pool: "forks",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          pool: "forks",
          include: ["test/integration/**/*.test.ts"],
          // Lab hosts share this machine's 2 cores; one file at a time keeps timings sane.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: "e2e",
          pool: "forks",
          include: ["test/e2e/**/*.test.ts"],
          // One lab host and one Pulumi backend per file; files run one after another so
          // two CLI runs never fight over the same 2 cores.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: "faults",
          pool: "forks",
          // The short fault campaign (test/faults/): one lab host, trials one after another.
          include: ["test/faults/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 900_000,
        },
      },
    ],
  },
});
