import type { LabelSelector } from '@kubesim/api';
import { describe, expect, it } from 'vitest';
import { formatLabels, formatLabelSelector } from './labels.js';

describe('formatLabels (labels.FormatLabels)', () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ app: 'kubia' }, 'app=kubia'],
    [{ env: 'prod', app: 'kubia' }, 'app=kubia,env=prod'],
    // sorted as whole "k=v" strings: '-' (0x2d) sorts before '=' (0x3d)
    [{ a: '1', 'a-b': '2' }, 'a-b=2,a=1'],
  ])('%j → %s', (labels, want) => {
    expect(formatLabels(labels)).toBe(want);
  });
});

describe('formatLabelSelector (metav1.FormatLabelSelector)', () => {
  it.each<[LabelSelector | undefined, string]>([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'kubia' } }, 'app=kubia'],
    [
      {
        matchLabels: { app: 'kubia' },
        matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'production'] }],
      },
      'app=kubia,env in (production,staging)',
    ],
    [
      {
        matchExpressions: [
          { key: 'tier', operator: 'Exists' },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'app', operator: 'NotIn', values: ['web'] },
        ],
      },
      'app notin (web),!canary,tier',
    ],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }, '<error>'],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] }, '<error>'],
    [{ matchExpressions: [{ key: 'env', operator: 'Bogus' as 'In', values: ['x'] }] }, '<error>'],
  ])('%j → %s', (selector, want) => {
    expect(formatLabelSelector(selector)).toBe(want);
  });
});
