// HostScript and ContainerScript hooks against a lab host: a run records its output and runs
// once; a changed script runs `update`; a failure is recorded as not completed and fails with the
// tail of its output, and the next apply runs it again; the host-side timeout kills the script
// and what it started; secrets never reach the record or the messages; inside a container
// through pct exec, and on the host for a container (the feature convention).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSsh, labSshOk, labUp, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "script-it";
const TEMPLATE = "debian-12-standard_12.7-1_amd64.tar.zst";
let lab: LabConnection;

beforeAll(async () => {
  lab = labUp(LAB, ["--extra-disks", "ata-LAB_SCRIPT", "--gpus", "0"]);
  await labHandlers(lab, "ZfsPool").create({ name: "sc", raidLevel: "single", disks: ["/dev/disk/by-id/ata-LAB_SCRIPT"] });
  labSshOk(LAB, "zfs create sc/disks && pvesm add zfspool sc-disks --pool sc/disks --content rootdir,images");
  labSshOk(LAB, `pveam download local ${TEMPLATE} && pct create 970 local:vztmpl/${TEMPLATE} --rootfs sc-disks:1 --hostname inside --start 1`);
}, 600_000);

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

/** What the provider reported (plans and progress lines) while `fn` ran. */
async function reported<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: Error; lines: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { value: await fn(), lines: chunks.join("") };
  } catch (err) {
    return { error: err as Error, lines: chunks.join("") };
  } finally {
    spy.mockRestore();
  }
}

const observed = (outs: Record<string, unknown>) => outs.observed as { present: boolean; exitCode: number; stdout: string; stderr: string };

describe("HostScript on a lab host", () => {
  const hs = () => labHandlers(lab, "HostScript");
  const base = {
    name: "greet",
    create: 'set -eu\necho "create $1 $GREETING $(cat)"\necho to-stderr >&2\n. ./lib/extra.sh\nextra\n',
    update: 'echo "update $GREETING"\n',
    delete: "rm -f /root/greet-made\n",
    files: { "lib/extra.sh": "extra() { echo from-lib; touch /root/greet-made; }\n" },
    args: ["it's"],
    environment: { GREETING: "hello world" },
    stdin: "piped",
  };
  let outs: Record<string, unknown>;

  it("runs create with its files, args, environment and stdin, reports its lines and records the tails", async () => {
    const r = await reported(() => hs().create({ ...base }));
    expect(r.error).toBeUndefined();
    outs = r.value!.outs;
    expect(observed(outs)).toMatchObject({ present: true, exitCode: 0, stdout: "create it's hello world piped\nfrom-lib", stderr: "to-stderr" });
    expect(r.lines).toContain('HostScript "greet": create it\'s hello world piped');
    expect(labSshOk(LAB, "ls /root/greet-made")).toBe("/root/greet-made\n");
    // Nothing is left behind but the record.
    expect(labSshOk(LAB, "ls /run | grep -c phoenix-script || true").trim()).toBe("0");
  });

  it("runs nothing on a second apply, and a refresh reads the same outputs", async () => {
    const again = await hs().diff("greet", outs, { ...base, __provider: outs.__provider });
    expect(again.changes).toBe(false);
    const read = await hs().read("greet", outs);
    expect(read.props).toEqual(Object.fromEntries(Object.entries(outs).filter(([k]) => k !== "__provider")));
  });

  it("runs update when the inputs of a completed create change", async () => {
    const news = { ...base, environment: { GREETING: "hi" }, __provider: outs.__provider };
    expect((await hs().diff("greet", outs, news)).changes).toBe(true);
    outs = (await hs().update("greet", outs, news)).outs;
    expect(observed(outs).stdout).toBe("update hi");
  });

  it("records a failure as not completed with the tail of its output, and the next apply retries it", async () => {
    const failing = { ...base, name: "fails", update: undefined, create: 'for i in $(seq 1 30); do echo "line $i"; done\nexit 3\n' };
    const r = await reported(() => hs().create(failing));
    const err = r.error as Error & { id?: string; properties?: Record<string, unknown> };
    expect(err.message).toMatch(/HostScript "fails": run the create script on the host: failed with exit code 3; last lines of its output:\n {2}line 11\n/);
    expect(err.message).not.toContain("line 10\n");
    expect(err.id).toBe("fails");
    expect(observed(err.properties!)).toMatchObject({ present: true, exitCode: 3 });
    // The next run plans from the recorded failure: the script runs again.
    const diff = await hs().diff("fails", { ...err.properties!, __provider: "p" }, { ...failing, create: "echo fixed\n", __provider: "p" });
    expect(diff.changes).toBe(true);
    const fixed = await hs().update("fails", { ...err.properties!, __provider: "p" }, { ...failing, create: "echo fixed\n", __provider: "p" });
    expect(observed(fixed.outs)).toMatchObject({ exitCode: 0, stdout: "fixed" });
  });

  it("kills a script at its timeout, with what it started", async () => {
    const slow = { name: "slow", create: "sleep 300 &\necho $! > /root/slow-child\nsleep 300\n", timeoutSeconds: 2 };
    const r = await reported(() => hs().create(slow));
    expect(r.error?.message).toMatch(/timed out \(exit 124/);
    const child = labSshOk(LAB, "cat /root/slow-child").trim();
    expect(labSsh(LAB, `kill -0 ${child}`).code).not.toBe(0);
    expect(labSshOk(LAB, "pgrep -c -f 'sleep [3]00' || true").trim()).toBe("0");
  });

  it("keeps secrets out of the record, the outputs and the messages; they reach the script", async () => {
    const token = "hf_FAKEtoken1234567890";
    const secretly = { name: "secret", create: 'echo "token is $HF_TOKEN"\nprintf %s "$HF_TOKEN" > /root/token-seen\n', secretEnvironment: JSON.stringify({ HF_TOKEN: token }) };
    const r = await reported(() => hs().create(secretly));
    expect(r.error).toBeUndefined();
    expect(labSshOk(LAB, "cat /root/token-seen")).toBe(token);
    expect(observed(r.value!.outs).stdout).toBe("token is [secret]");
    expect(JSON.stringify(r.value!.outs)).not.toContain(token);
    expect(r.lines).toContain("token is [secret]");
    expect(r.lines).not.toContain(token);
    expect(labSsh(LAB, `grep -r ${token} /var/lib/phoenix /run /tmp`).code).toBe(1);
  });

  it("a run first removes what a killed run left behind (its shell is gone), never a live run's directory", async () => {
    // As SIGKILL leaves them: a bundle holding a token, and the pid of a shell that no longer runs.
    labSshOk(LAB, "mkdir -m 700 /run/phoenix-script.DEAD01 && echo 'export HF_TOKEN=left-behind' > /run/phoenix-script.DEAD01/bundle && echo 4194304 > /run/phoenix-script.DEAD01/.owner");
    labSshOk(LAB, "mkdir -m 700 /run/phoenix-script.LIVE01 && echo 1 > /run/phoenix-script.LIVE01/.owner");
    const r = await reported(() => hs().create({ name: "sweeper", create: "true\n" }));
    expect(r.error).toBeUndefined();
    expect(labSshOk(LAB, "ls -d /run/phoenix-script.* || true").trim()).toBe("/run/phoenix-script.LIVE01");
    labSshOk(LAB, "rm -rf /run/phoenix-script.LIVE01");
  });

  it("delete runs the delete script and forgets the record", async () => {
    await hs().delete("greet", outs);
    expect(labSsh(LAB, "ls /root/greet-made").code).not.toBe(0);
    expect(labSsh(LAB, "ls /var/lib/phoenix/scripts/host/greet").code).not.toBe(0);
  });
});

describe("ContainerScript on a lab host", () => {
  const cs = () => labHandlers(lab, "ContainerScript");

  it("runs inside the container through pct exec", async () => {
    const { outs } = await cs().create({ ctid: "970", name: "inside", create: "hostname\nprintf made > /root/inside-made\n" });
    expect(observed(outs).stdout).toBe("inside");
    expect(labSshOk(LAB, "pct exec 970 -- cat /root/inside-made")).toBe("made");
    expect(labSsh(LAB, "ls /root/inside-made").code).not.toBe(0);
  });

  it("inside a container too, a run removes what a killed run left in its /tmp", async () => {
    labSshOk(LAB, "pct exec 970 -- sh -c 'mkdir -m 700 /tmp/phoenix-run.DEAD02 && echo 4194304 > /tmp/phoenix-run.DEAD02/.owner'");
    await cs().create({ ctid: "970", name: "sweeper", create: "true\n" });
    expect(labSshOk(LAB, "pct exec 970 -- sh -c 'ls -d /tmp/phoenix-run.* 2>/dev/null || true'").trim()).toBe("");
  });

  it("runs on the host with the CT id first when asked (the feature convention)", async () => {
    const { outs } = await cs().create({ ctid: "970", name: "feature", on: "host", create: 'echo "ct $1 on $(hostname)"\npct exec "$1" -- hostname\n' });
    expect(observed(outs).stdout).toBe(`ct 970 on ${LAB}\ninside`);
  });

  it("a container gone: delete skips its delete script and forgets the record", async () => {
    const { outs } = await cs().create({ ctid: "970", name: "undo", create: "true\n", delete: "exit 1\n" });
    labSshOk(LAB, "pct stop 970 && pct destroy 970");
    await cs().delete("970/undo", outs);
    expect(labSsh(LAB, "ls /var/lib/phoenix/scripts/ct-970/undo").code).not.toBe(0);
  });
});
