import { describe, expect, it } from 'vitest';
import { WatchEventWriter, type WatchMessage } from './watch-writer.js';

/** A stream whose writes complete only when the test says so, as grpc-js's do an event-loop turn later. */
function fakeStream() {
  const written: { type: string; object: string; batched: string[] }[] = [];
  const callbacks: (() => void)[] = [];
  return {
    written,
    complete: () => callbacks.shift()?.(),
    inFlight: () => callbacks.length,
    stream: {
      write(chunk: unknown, cb?: () => void): boolean {
        const m = chunk as WatchMessage & { batched: WatchMessage[] };
        written.push({ type: m.type, object: m.object.toString(), batched: m.batched.map((b) => `${b.type}:${b.object.toString()}`) });
        if (cb) callbacks.push(cb);
        return false;
      },
    } as never,
  };
}

const ev = (n: number, type = 'ADDED'): WatchMessage => ({ type, object: Buffer.from(String(n)) });

describe('WatchEventWriter', () => {
  it('writes at once when idle and batches, in order, what arrives while a write is in flight', async () => {
    const f = fakeStream();
    const w = new WatchEventWriter(f.stream, new AbortController().signal);
    await w.send(ev(1));
    expect(f.written).toEqual([{ type: 'ADDED', object: '1', batched: [] }]);
    await w.send(ev(2));
    await w.send(ev(3, 'MODIFIED'));
    await w.send(ev(4, 'DELETED'));
    expect(f.written).toHaveLength(1); // one write in flight at a time
    f.complete();
    expect(f.written[1]).toEqual({ type: 'ADDED', object: '2', batched: ['MODIFIED:3', 'DELETED:4'] });
    let flushed = false;
    const done = w.flushed().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    f.complete();
    await done;
    expect(flushed).toBe(true);
    expect(f.inFlight()).toBe(0);
  });

  it('holds a sender back only past its buffer size, and lets go when the client catches up', async () => {
    const f = fakeStream();
    const w = new WatchEventWriter(f.stream, new AbortController().signal, 3);
    await w.send(ev(1)); // written
    await w.send(ev(22)); // 2 bytes pending
    let third = false;
    const p = w.send(ev(333)).then(() => (third = true)); // 5 bytes pending > 3: waits
    await Promise.resolve();
    expect(third).toBe(false);
    f.complete(); // the pending two go out as one message
    await p;
    expect(third).toBe(true);
    expect(f.written[1]).toEqual({ type: 'ADDED', object: '22', batched: ['ADDED:333'] });
  });

  it('stops waiting when the watch is cancelled', async () => {
    const f = fakeStream();
    const ac = new AbortController();
    const w = new WatchEventWriter(f.stream, ac.signal, 1);
    await w.send(ev(1));
    const p = w.send(ev(22));
    const q = w.flushed();
    ac.abort();
    await Promise.all([p, q]);
    expect(f.written).toHaveLength(1);
  });
});
