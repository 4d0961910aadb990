import { describe, expect, it } from 'vitest';
import { StatusError } from './errors.js';
import { escapeFieldValue, fieldSelectorFromSet, fieldsForObject, oneTermEqualSelector, parseFieldSelector, validateFieldSelector } from './fields.js';
import type { Event, KubeObject, Namespace, Node, Pod, ReplicationController } from './types.js';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    expect((e as StatusError).reason).toBe('BadRequest');
    return (e as StatusError).message;
  }
  throw new Error('expected a BadRequest');
}

describe('parseFieldSelector (fields.ParseSelector)', () => {
  it.each([
    ['', '', []],
    ['=', '', []],
    ['status.phase=Running', 'status.phase=Running', [{ field: 'status.phase', operator: '=', value: 'Running' }]],
    ['status.phase==Running', 'status.phase=Running', [{ field: 'status.phase', operator: '=', value: 'Running' }]],
    ['spec.nodeName!=', 'spec.nodeName!=', [{ field: 'spec.nodeName', operator: '!=', value: '' }]],
    [
      'status.phase=Running,spec.nodeName!=',
      'spec.nodeName!=,status.phase=Running',
      [
        { field: 'spec.nodeName', operator: '!=', value: '' },
        { field: 'status.phase', operator: '=', value: 'Running' },
      ],
    ],
    ['a=x\\,y', 'a=x\\,y', [{ field: 'a', operator: '=', value: 'x,y' }]],
    ['a=x\\=y\\\\', 'a=x\\=y\\\\', [{ field: 'a', operator: '=', value: 'x=y\\' }]],
    ['a==', 'a=', [{ field: 'a', operator: '=', value: '' }]],
  ])('%j → %j', (input, canonical, reqs) => {
    const s = parseFieldSelector(input);
    expect(s.toString()).toBe(canonical);
    expect(s.requirements).toEqual(reqs);
    expect(s.empty()).toBe(reqs.length === 0);
  });

  it.each([
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['a=b,foo', "invalid selector: 'a=b,foo'; can't understand 'foo'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!==b', 'invalid field selector: unescaped character in value: 61'],
    ['a=x\\y', 'invalid field selector: invalid escape sequence: \\y'],
    ['a=x\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('%j is a BadRequest: %s', (input, message) => {
    expect(badRequest(() => parseFieldSelector(input))).toBe(message);
  });

  it.each([
    ['status.phase=Running', { 'status.phase': 'Running' }, true],
    ['status.phase=Running', { 'status.phase': 'Pending' }, false],
    ['spec.nodeName!=', { 'spec.nodeName': 'node1' }, true],
    ['spec.nodeName!=', { 'spec.nodeName': '' }, false],
    ['spec.nodeName!=', {}, false],
    ['spec.nodeName=', {}, true],
    ['a=1,b!=2', { a: '1', b: '3' }, true],
    ['', {}, true],
  ])('%j matches %j: %s', (sel, fields, want) => {
    expect(parseFieldSelector(sel).matches(fields)).toBe(want);
  });

  it('helpers', () => {
    expect(escapeFieldValue('a,b=c\\')).toBe('a\\,b\\=c\\\\');
    expect(oneTermEqualSelector('metadata.name', 'x').toString()).toBe('metadata.name=x');
    expect(oneTermEqualSelector('metadata.name', 'x').requiresExactMatch('metadata.name')).toBe('x');
    expect(fieldSelectorFromSet({ a: '1' }).matches({ a: '1' })).toBe(true);
  });
});

describe('validateFieldSelector (field label conversion)', () => {
  it.each([
    ['pods', 'status.phase=Running,spec.nodeName=n1,metadata.name=a,metadata.namespace=b', undefined],
    ['pods', 'spec.restartPolicy=Always,spec.schedulerName=s,spec.serviceAccountName=d,status.podIP=1.2.3.4,status.nominatedNodeName=n', undefined],
    ['pods', 'spec.foo=x', 'field label not supported: spec.foo'],
    ['pods', 'metadata.labels=x', 'field label not supported: metadata.labels'],
    ['events', 'involvedObject.kind=Pod,involvedObject.name=x,reason=Started,source=kubelet,type=Normal,reportingComponent=kubelet', undefined],
    ['events', 'message=x', 'field label not supported: message'],
    ['nodes', 'spec.unschedulable=false,metadata.name=n', undefined],
    ['nodes', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['replicationcontrollers', 'status.replicas=1', undefined],
    ['namespaces', 'status.phase=Active', undefined],
    ['namespaces', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['replicasets', 'metadata.name=x', undefined],
    ['replicasets', 'status.replicas=1', '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['constructor', 'metadata.name=x', undefined],
    ['leases', 'spec.holderIdentity=x', '"spec.holderIdentity" is not a known field selector: only "metadata.name", "metadata.namespace"'],
  ])('%s %j → %s', (resource, sel, message) => {
    const parsed = parseFieldSelector(sel);
    if (message === undefined) expect(validateFieldSelector(resource, parsed).toString()).toBe(parsed.toString());
    else expect(badRequest(() => validateFieldSelector(resource, parsed))).toBe(message);
  });

  it('converts the legacy spec.host of pods to spec.nodeName', () => {
    expect(validateFieldSelector('pods', parseFieldSelector('spec.host=n1')).toString()).toBe('spec.nodeName=n1');
  });
});

describe('fieldsForObject', () => {
  it('pods', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'ns' },
      spec: { containers: [], nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
      status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }] },
    } as Pod;
    expect(fieldsForObject('pods', pod)).toEqual({
      'metadata.name': 'p',
      'metadata.namespace': 'ns',
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.1',
      'status.nominatedNodeName': '',
    });
    expect(parseFieldSelector('spec.nodeName=n1,status.phase!=Failed').matches(fieldsForObject('pods', pod))).toBe(true);
  });

  it('events (source falls back to reportingComponent)', () => {
    const ev = {
      metadata: { name: 'e', namespace: 'ns' },
      involvedObject: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u', apiVersion: 'v1', resourceVersion: '5', fieldPath: 'spec.containers{c}' },
      reason: 'Started',
      type: 'Normal',
      reportingComponent: 'kubelet',
    } as Event;
    expect(fieldsForObject('events', ev)).toEqual({
      'metadata.name': 'e',
      'metadata.namespace': 'ns',
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'ns',
      'involvedObject.name': 'p',
      'involvedObject.uid': 'u',
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '5',
      'involvedObject.fieldPath': 'spec.containers{c}',
      reason: 'Started',
      reportingComponent: 'kubelet',
      source: 'kubelet',
      type: 'Normal',
    });
    expect(fieldsForObject('events', { ...ev, source: { component: 'scheduler' } } as Event)['source']).toBe('scheduler');
  });

  it.each<[string, KubeObject, Record<string, string>]>([
    ['nodes', { metadata: { name: 'n' }, spec: { unschedulable: true } } as Node, { 'metadata.name': 'n', 'spec.unschedulable': 'true' }],
    ['nodes', { metadata: { name: 'n' } } as Node, { 'metadata.name': 'n', 'spec.unschedulable': 'false' }],
    [
      'replicationcontrollers',
      { metadata: { name: 'rc', namespace: 'ns' }, status: { replicas: 3 } } as ReplicationController,
      { 'metadata.name': 'rc', 'metadata.namespace': 'ns', 'status.replicas': '3' },
    ],
    ['namespaces', { metadata: { name: 'ns' }, status: { phase: 'Active' } } as Namespace, { 'metadata.name': 'ns', 'status.phase': 'Active', name: 'ns' }],
    ['leases', { metadata: { name: 'l', namespace: 'kube-node-lease' } }, { 'metadata.name': 'l', 'metadata.namespace': 'kube-node-lease' }],
  ])('%s', (resource, obj, want) => {
    expect(fieldsForObject(resource, obj)).toEqual(want);
  });
});
