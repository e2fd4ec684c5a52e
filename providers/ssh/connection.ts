// Bookkeeping for one established SSH connection: liveness, and whether its socket may keep
// the process alive. Structural types only, so session.ts stays the one file that loads ssh2.
import type { EventEmitter } from "node:events";
import type * as net from "node:net";

/** The parts of an ssh2 Client used after the handshake. */
export interface ConnectedClient extends EventEmitter {
  end(): unknown;
}

/** One established connection; `dead` flips on end/close/error so the next run dials again. */
export interface Live {
  readonly client: ConnectedClient;
  readonly sock: net.Socket;
  dead: boolean;
  /** Channels in flight; the socket is referenced only while this is above zero. */
  busy: number;
}

// How long close() waits for the server to acknowledge the disconnect before destroying the socket.
const CLOSE_WAIT_MS = 1_000;

/** Wraps a client that just became ready; idle, it no longer keeps the process alive. */
export function adopt(client: ConnectedClient, sock: net.Socket): Live {
  const live: Live = { client, sock, dead: false, busy: 0 };
  const markDead = () => {
    live.dead = true;
  };
  // After ready, failures surface on the open channels; the connection is just marked for redial.
  client.on("error", markDead).on("end", markDead).on("close", markDead);
  // An idle provider process must be able to reach beforeExit (pool.ts closes sessions there).
  sock.unref();
  return live;
}

/** Marks a channel in flight: the socket is referenced until the returned release is called. */
export function hold(live: Live): () => void {
  if (live.busy++ === 0) live.sock.ref();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--live.busy === 0) live.sock.unref();
  };
}

/** Sends a disconnect and resolves once the socket closed, or destroys it after 1 s. */
export function endConnection(live: Live): Promise<void> {
  live.dead = true;
  if (live.sock.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      live.sock.destroy();
      resolve();
    }, CLOSE_WAIT_MS);
    timer.unref();
    live.sock.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    live.client.end();
  });
}
