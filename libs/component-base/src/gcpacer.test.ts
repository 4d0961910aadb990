import { describe, expect, it } from 'vitest';
import { GCPacer, exposeGC, heapInUseBytes } from './gcpacer.js';

const MiB = 2 ** 20;

/** A pacer over a heap figure the test sets; collections cut it to `live`. */
function fakeHeap(slackBytes: number) {
  const h = { now: 10 * MiB, live: 10 * MiB, collections: 0 };
  const collected: Array<{ beforeBytes: number; afterBytes: number }> = [];
  const pacer = new GCPacer({
    slackBytes,
    heapBytes: () => h.now,
    gc: () => {
      h.collections++;
      h.now = h.live;
    },
    onCollect: (c) => collected.push({ beforeBytes: c.beforeBytes, afterBytes: c.afterBytes }),
  });
  return { h, pacer, collected };
}

describe('GCPacer', () => {
  it('collects only once the heap grew more than the slack above its floor', () => {
    const { h, pacer, collected } = fakeHeap(2 * MiB);
    expect(pacer.tick()).toBe(false); // first look: the floor
    h.now = 11.5 * MiB;
    expect(pacer.tick()).toBe(false);
    h.now = 12 * MiB; // exactly the slack: not yet
    expect(pacer.tick()).toBe(false);
    h.now = 12.5 * MiB;
    h.live = 10.5 * MiB;
    expect(pacer.tick()).toBe(true);
    expect(h.collections).toBe(1);
    expect(collected).toEqual([{ beforeBytes: 12.5 * MiB, afterBytes: 10.5 * MiB }]);
    // The floor is now what the collection left.
    h.now = 12.4 * MiB;
    expect(pacer.tick()).toBe(false);
    h.now = 12.6 * MiB;
    expect(pacer.tick()).toBe(true);
  });

  it('puts a collection off while the process is busy, up to maxSlackBytes', () => {
    const h = { now: 10 * MiB, collections: 0 };
    let busy = true;
    const pacer = new GCPacer({
      slackBytes: 2 * MiB,
      busy: () => busy,
      heapBytes: () => h.now,
      gc: () => {
        h.collections++;
        h.now = 10 * MiB;
      },
    });
    expect(pacer.tick()).toBe(false);
    h.now = 13 * MiB; // past the slack, but busy
    expect(pacer.tick()).toBe(false);
    h.now = 18 * MiB; // exactly 4 × the slack: still waits
    expect(pacer.tick()).toBe(false);
    h.now = 18.5 * MiB; // past it: collects even while busy
    expect(pacer.tick()).toBe(true);
    h.now = 13 * MiB;
    expect(pacer.tick()).toBe(false);
    busy = false;
    expect(pacer.tick()).toBe(true);
    expect(h.collections).toBe(2);
  });

  it('follows the heap down when V8 collects on its own', () => {
    const { h, pacer } = fakeHeap(2 * MiB);
    pacer.tick();
    h.now = 8 * MiB; // a V8 collection
    expect(pacer.tick()).toBe(false);
    h.now = 10.5 * MiB; // 2.5 MiB above the new floor
    expect(pacer.tick()).toBe(true);
  });

  it('a slack of 0 leaves the heap to V8', () => {
    const { h, pacer } = fakeHeap(0);
    pacer.start();
    pacer.tick();
    h.now = 100 * MiB;
    expect(pacer.tick()).toBe(false);
    pacer.stop();
    expect(h.collections).toBe(0);
  });

  it('exposeGC gives a working full collection without --expose-gc', async () => {
    const gc = exposeGC();
    let target: object | undefined = { big: new Array(1000).fill('x') };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef's target is kept until the end of the current job; collect in a later one.
    await new Promise((r) => setImmediate(r));
    gc();
    expect(ref.deref()).toBeUndefined();
    expect(heapInUseBytes()).toBeGreaterThan(0);
  });
});
