import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify, engineAddress, flushingLog, makeEngineLog } from "../../../providers/engine-log";

// A real gRPC server speaking Pulumi's Engine service, as the engine does for its providers.
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
const services = require(path.join(sdk, "proto", "engine_grpc_pb.js"));
const messages = require(path.join(sdk, "proto", "engine_pb.js"));
const empty = require("google-protobuf/google/protobuf/empty_pb.js");

describe("engine log", () => {
  const received: { severity: number; message: string; urn: string; ephemeral: boolean }[] = [];
  // Calls the server holds at once: a second message sent before the first was answered would
  // make this 2 (gRPC keeps arrival order either way, so order alone proves nothing).
  let inFlight = 0;
  let mostInFlight = 0;
  let server: { tryShutdown(cb: () => void): void; forceShutdown(): void };
  let address = "";
  beforeAll(async () => {
    server = new grpc.Server();
    (server as unknown as { addService: (s: unknown, i: unknown) => void }).addService(services.EngineService, {
      log(call: { request: { getSeverity(): number; getMessage(): string; getUrn(): string; getEphemeral(): boolean } }, cb: (e: null, r: unknown) => void) {
        received.push({ severity: call.request.getSeverity(), message: call.request.getMessage(), urn: call.request.getUrn(), ephemeral: call.request.getEphemeral() });
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        setTimeout(() => {
          inFlight--;
          cb(null, new empty.Empty());
        }, received.length === 1 ? 30 : 0);
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      (server as unknown as { bindAsync: (a: string, c: unknown, cb: (e: Error | null, p: number) => void) => void }).bindAsync(
        "127.0.0.1:0",
        grpc.ServerCredentials.createInsecure(),
        (e, p) => (e ? reject(e) : resolve(p)),
      ),
    );
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => server.forceShutdown());

  it("sends each message whole, one at a time, warnings as warnings without their prefix", async () => {
    const stderr: string[] = [];
    const log = makeEngineLog(address, (line) => stderr.push(line));
    log.report('ZfsPool "tank": would run\n  1. zpool create tank /dev/sdb');
    log.report('warning: ZfsPool "tank": the disk is small');
    log.report("note");
    log.report('ContainerScript "900/feature-docker": Setting up docker-ce …', { ephemeral: true });
    await log.flush();
    expect(received).toEqual([
      { severity: messages.LogSeverity.INFO, message: 'ZfsPool "tank": would run\n  1. zpool create tank /dev/sdb', urn: "", ephemeral: false },
      { severity: messages.LogSeverity.WARNING, message: 'ZfsPool "tank": the disk is small', urn: "", ephemeral: false },
      { severity: messages.LogSeverity.INFO, message: "note", urn: "", ephemeral: false },
      // A script's output line: shown while it runs, not repeated in the summary.
      { severity: messages.LogSeverity.INFO, message: 'ContainerScript "900/feature-docker": Setting up docker-ce …', urn: "", ephemeral: true },
    ]);
    expect(mostInFlight).toBe(1);
    expect(stderr).toEqual([]);
  });

  it("falls back to stderr when the engine cannot be reached, so no plan is lost", async () => {
    const stderr: string[] = [];
    const log = makeEngineLog("127.0.0.1:1", (line) => stderr.push(line));
    log.report("ZfsPool: would run\n  1. x");
    await log.flush();
    expect(stderr).toEqual(["ZfsPool: would run\n  1. x\n"]);
  });

  it("writes to stderr when no engine address was given", async () => {
    const stderr: string[] = [];
    makeEngineLog(undefined, (line) => stderr.push(line)).report("hello");
    expect(stderr).toEqual(["hello\n"]);
  });
});

describe("engineAddress", () => {
  it("finds the engine among the plugin's arguments, after any flags", () => {
    expect(engineAddress(["127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddress(["--logtostderr", "-v=9", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddress([])).toBeUndefined();
  });
});

describe("classify", () => {
  it("reads a leading 'warning: ' as the severity", () => {
    expect(classify("warning: x")).toEqual({ severity: "warning", text: "x" });
    expect(classify("a warning: x")).toEqual({ severity: "info", text: "a warning: x" });
  });
});

describe("flushingLog", () => {
  it("returns from a hook, or rethrows its error, only after the messages were flushed", async () => {
    const order: string[] = [];
    const flush = () => new Promise<void>((resolve) => setTimeout(() => (order.push("flushed"), resolve()), 10));
    const hooks = flushingLog({ async create() { order.push("create"); return 1; }, async read() { throw new Error("boom"); } }, flush);
    expect(await hooks.create()).toBe(1);
    await expect(hooks.read()).rejects.toThrow("boom");
    expect(order).toEqual(["create", "flushed", "flushed"]);
  });
});
