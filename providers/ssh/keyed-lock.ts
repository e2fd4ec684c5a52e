// An in-process mutex per key (host + file path): the resources of one `pulumi up` run in one
// provider process, so their edits of one host file queue here before they reach the host.

const tails = new Map<string, Promise<void>>();

/** Runs fn once every earlier holder of `key` is done; holders run one at a time, in call order. */
export async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key); // nobody queued behind us: forget the key
  }
}

/** How many keys have holders or waiters (for tests: the map must not grow without bound). */
export function lockedKeyCount(): number {
  return tails.size;
}
