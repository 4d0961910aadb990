import { describe, expect, it } from 'vitest';
import { startCallWithoutStack } from './call.js';

describe('startCallWithoutStack', () => {
  it('starts the call without capturing stacks, then restores the limit', async () => {
    const before = Error.stackTraceLimit;
    let inside = -1;
    let stack: string | undefined;
    const p = startCallWithoutStack(async () => {
      inside = Error.stackTraceLimit;
      stack = new Error('x').stack;
      await Promise.resolve();
      return 42;
    });
    expect(inside).toBe(0);
    expect(stack).toBe('Error: x');
    expect(Error.stackTraceLimit).toBe(before);
    await expect(p).resolves.toBe(42);
  });

  it('passes rejections and synchronous throws on, and still restores the limit', async () => {
    const before = Error.stackTraceLimit;
    await expect(startCallWithoutStack(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(() =>
      startCallWithoutStack(() => {
        throw new Error('thrown');
      }),
    ).toThrow('thrown');
    expect(Error.stackTraceLimit).toBe(before);
  });
});
