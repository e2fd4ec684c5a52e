import { describe, expect, it } from "vitest";
import { Semaphore } from "../../../providers/ssh/semaphore";

describe("Semaphore", () => {
  it("admits up to the limit and serves waiters in arrival order", async () => {
    const sem = new Semaphore(2);
    const a = await sem.acquire();
    await sem.acquire();
    const order: number[] = [];
    const third = sem.acquire().then((release) => (order.push(3), release));
    const fourth = sem.acquire().then((release) => (order.push(4), release));
    await Promise.resolve();
    expect(sem.active).toBe(2);
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot must not admit two waiters
    await third;
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([3]);
    expect(sem.active).toBe(2);
    (await third)();
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it("rejects a limit below 1", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
