import { describe, expect, it } from 'vitest';
import { applyConfiguration, applyPatch, hasSchemaForKind, PatchType } from './index.js';

const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

describe('applyConfiguration (application/apply-patch+yaml)', () => {
  const applied = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend', labels: { tier: 'frontend' } },
    spec: { replicas: 2, selector: { matchLabels: { tier: 'frontend' } }, template: { metadata: { labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'php', image: 'v2' }] } } },
  };

  it('creates the object when none exists', () => {
    expect(applyConfiguration(undefined, applied, RS)).toEqual(applied);
    expect(applyPatch(PatchType.Apply, undefined, JSON.stringify(applied), RS)).toEqual(applied);
  });

  it('merges into the live object; fields not mentioned remain', () => {
    const live = {
      ...applied,
      metadata: { name: 'frontend', uid: 'u', resourceVersion: '5', labels: { tier: 'frontend', team: 'a' } },
      spec: { ...applied.spec, replicas: 3, template: { ...applied.spec.template, spec: { containers: [{ name: 'php', image: 'v1', imagePullPolicy: 'Always' }], restartPolicy: 'Always' } } },
      status: { replicas: 3 },
    };
    expect(applyPatch(PatchType.Apply, live, applied, RS)).toEqual({
      ...live,
      spec: { ...live.spec, replicas: 2, template: { ...live.spec.template, spec: { containers: [{ name: 'php', image: 'v2', imagePullPolicy: 'Always' }], restartPolicy: 'Always' } } },
    });
  });

  it('rejects managedFields and non-object configurations', () => {
    expect(() => applyConfiguration(undefined, { metadata: { managedFields: [{}] } }, RS)).toThrowError(expect.objectContaining({ code: 400, message: 'metadata.managedFields must be nil' }));
    expect(() => applyConfiguration(undefined, 'x', RS)).toThrowError(expect.objectContaining({ code: 400 }));
    expect(() => applyPatch(PatchType.Apply, undefined, 'kind: Pod', RS)).toThrowError(expect.objectContaining({ code: 400 }));
  });
});

describe('applyPatch dispatch', () => {
  it('accepts bytes and content-type parameters, and knows the built-in kinds', () => {
    const body = new TextEncoder().encode('{"spec":{"replicas":4}}');
    expect(applyPatch('Application/Strategic-Merge-Patch+JSON; charset=utf-8', { spec: { replicas: 1 } }, body, RS)).toEqual({ spec: { replicas: 4 } });
    expect(hasSchemaForKind('apps/v1', 'ReplicaSet') && hasSchemaForKind('v1', 'Pod') && !hasSchemaForKind('example.com/v1', 'Widget')).toBe(true);
  });

  it('other media types are 415', () => {
    expect(() => applyPatch('application/json', {}, {}, RS)).toThrowError(expect.objectContaining({ code: 415, reason: 'UnsupportedMediaType' }));
  });
});
