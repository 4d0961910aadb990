import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing.js';
import { KeyedHeap } from './heap.js';

describe('KeyedHeap', () => {
  it('pops in order after random pushes, deletes and in-place changes', () => {
    const rand = seededRandom(7);
    const h = new KeyedHeap<{ v: number }>((a, b) => a.v < b.v);
    const live = new Map<string, { v: number }>();
    for (let i = 0; i < 2000; i++) {
      const op = rand();
      const key = `k${Math.floor(rand() * 300)}`;
      if (op < 0.6) {
        const val = { v: Math.floor(rand() * 1000) };
        h.set(key, val);
        live.set(key, val);
      } else if (op < 0.8) {
        expect(h.delete(key)).toBe(live.delete(key));
      } else if (live.has(key)) {
        live.get(key)!.v = Math.floor(rand() * 1000);
        h.fix(key);
      }
      expect(h.size).toBe(live.size);
    }
    const out: number[] = [];
    for (let x = h.pop(); x; x = h.pop()) out.push(x.v);
    expect(out).toEqual([...live.values()].map((x) => x.v).sort((a, b) => a - b));
  });
});
