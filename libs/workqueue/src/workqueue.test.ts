import { describe, expect, it } from 'vitest';
import {
  BucketRateLimiter,
  DelayingWorkQueue,
  FakeClock,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  RateLimitingWorkQueue,
  WorkQueue,
} from './index.js';

async function drainNow<T>(q: WorkQueue<T>): Promise<T[]> {
  const out: T[] = [];
  while (q.len() > 0) {
    const r = await q.get();
    if (r.shutdown) break;
    out.push(r.item);
    q.done(r.item);
  }
  return out;
}

describe('WorkQueue', () => {
  it('is fair (FIFO) and stingy (an item waiting is queued once)', async () => {
    const q = new WorkQueue<string>();
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    expect(q.len()).toBe(3);
    expect(await drainNow(q)).toEqual(['a', 'b', 'c']);
  });

  it('hands an item to one worker at a time; re-added while processing → requeued once on done', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const first = await q.get();
    expect(first).toEqual({ item: 'a', shutdown: false });
    // Added (twice) while being processed: not handed out to a second worker...
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((r) => (second = r.item));
    await Promise.resolve();
    expect(second).toBeUndefined();
    // ...but queued exactly once when the first worker is done.
    q.done('a');
    await Promise.resolve();
    expect(second).toBe('a');
    expect(q.len()).toBe(0);
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('an item not re-added is not requeued by done', async () => {
    const q = new WorkQueue<string>();
    q.add('x');
    const r = await q.get();
    q.done(r.item as string);
    expect(q.len()).toBe(0);
  });

  it('get waits for an add', async () => {
    const q = new WorkQueue<string>();
    const p = q.get();
    q.add('late');
    expect(await p).toEqual({ item: 'late', shutdown: false });
  });

  it('shutDown: adds are ignored, what is queued is still handed out, then shutdown for everyone', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const waitingBefore = new WorkQueue<string>();
    const pending = waitingBefore.get();
    waitingBefore.shutDown();
    expect((await pending).shutdown).toBe(true);

    q.shutDown();
    q.add('b');
    expect(q.shuttingDown()).toBe(true);
    expect(await q.get()).toEqual({ item: 'a', shutdown: false });
    expect((await q.get()).shutdown).toBe(true);
    expect((await q.get()).shutdown).toBe(true);
  });

  it('shutDownWithDrain waits for items being processed', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const r = await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done(r.item as string);
    await p;
    expect(drained).toBe(true);
  });
});

describe('DelayingWorkQueue (fake clock)', () => {
  it('adds an item once its delay has passed', () => {
    const clock = new FakeClock();
    const q = new DelayingWorkQueue<string>({ clock });
    q.addAfter('a', 50);
    expect(q.len()).toBe(0);
    clock.step(49);
    expect(q.len()).toBe(0);
    clock.step(1);
    expect(q.len()).toBe(1);
    expect(q.waitingLen()).toBe(0);
  });

  it('a non-positive delay adds at once', () => {
    const q = new DelayingWorkQueue<string>({ clock: new FakeClock() });
    q.addAfter('a', 0);
    q.addAfter('b', -5);
    expect(q.len()).toBe(2);
  });

  it('an item waiting twice keeps the earlier ready time; items become ready in time order', async () => {
    const clock = new FakeClock();
    const q = new DelayingWorkQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('b', 30);
    q.addAfter('a', 20); // earlier: wins
    q.addAfter('b', 90); // later: ignored
    clock.step(25);
    expect(await drainNow(q)).toEqual(['a']);
    clock.step(5);
    expect(await drainNow(q)).toEqual(['b']);
    clock.step(1000);
    expect(q.len()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('shutDown drops waiting items', () => {
    const clock = new FakeClock();
    const q = new DelayingWorkQueue<string>({ clock });
    q.addAfter('a', 10);
    q.shutDown();
    clock.step(100);
    expect(q.len()).toBe(0);
  });
});

describe('rate limiters', () => {
  it('ItemExponentialFailureRateLimiter: base × 2^n per item, capped, reset by forget', () => {
    const rl = new ItemExponentialFailureRateLimiter<string>(1, 1000);
    const table: Array<[string, number]> = [
      ['one', 1],
      ['one', 2],
      ['one', 4],
      ['one', 8],
      ['one', 16],
      ['two', 1],
      ['two', 2],
    ];
    for (const [item, want] of table) expect(rl.when(item)).toBe(want);
    expect(rl.numRequeues('one')).toBe(5);
    rl.forget('one');
    expect(rl.numRequeues('one')).toBe(0);
    expect(rl.when('one')).toBe(1);
    const capped = new ItemExponentialFailureRateLimiter<string>(1, 1000);
    for (let i = 0; i < 2000; i++) capped.when('x');
    expect(capped.when('x')).toBe(1000);
  });

  it('BucketRateLimiter: the burst is free, then one token per 1/qps', () => {
    const clock = new FakeClock();
    const rl = new BucketRateLimiter<string>(10, 2, { clock });
    expect(rl.when('a')).toBe(0);
    expect(rl.when('b')).toBe(0);
    expect(rl.when('c')).toBe(100);
    expect(rl.when('d')).toBe(200);
    clock.step(1000);
    expect(rl.when('e')).toBe(0);
  });

  it('MaxOfRateLimiter takes the longest delay', () => {
    const clock = new FakeClock();
    const rl = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter(5, 1000), new BucketRateLimiter(1, 1, { clock }));
    expect(rl.when('a')).toBe(5);
    expect(rl.when('a')).toBe(1000); // the bucket is empty: wait a second
    expect(rl.numRequeues('a')).toBe(2);
    rl.forget('a');
    expect(rl.numRequeues('a')).toBe(0);
  });
});

describe('RateLimitingWorkQueue (fake clock)', () => {
  it('retries wait for the back-off; forget resets it', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingWorkQueue<string>({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(10, 1000) });
    q.addRateLimited('a'); // 10 ms
    expect(q.len()).toBe(0);
    clock.step(10);
    expect(q.len()).toBe(1);
    const r = await q.get();
    q.done(r.item as string);
    q.addRateLimited('a'); // 20 ms
    clock.step(19);
    expect(q.len()).toBe(0);
    clock.step(1);
    expect(q.len()).toBe(1);
    expect(q.numRequeues('a')).toBe(2);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    expect(q.len()).toBe(1); // forget does not remove it from the queue
  });

  it('a rate-limited add while the item is processed is still processed once more afterwards', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingWorkQueue<string>({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(10, 1000) });
    q.add('k');
    const r = await q.get();
    q.addRateLimited('k');
    clock.step(10);
    expect(q.len()).toBe(0); // still being processed
    q.done(r.item as string);
    expect(q.len()).toBe(1);
  });
});
