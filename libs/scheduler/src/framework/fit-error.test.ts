import { describe, expect, it } from 'vitest';
import { Diagnosis, fitErrorMessage } from './fit-error.js';
import { Status } from './status.js';

function diag(statuses: Record<string, Status>, opts: { absent?: Status; preFilterMsg?: string; postFilterMsg?: string } = {}) {
  const d = new Diagnosis();
  for (const [n, s] of Object.entries(statuses)) d.nodeToStatus.set(n, s);
  if (opts.absent) d.nodeToStatus.setAbsentNodesStatus(opts.absent);
  if (opts.preFilterMsg) d.preFilterMsg = opts.preFilterMsg;
  if (opts.postFilterMsg) d.postFilterMsg = opts.postFilterMsg;
  return d;
}

describe('FitError message aggregation', () => {
  it('counts each reason and sorts "<count> <reason>" strings bytewise', () => {
    const statuses: Record<string, Status> = {};
    for (let i = 0; i < 10; i++) statuses[`big${i}`] = Status.unschedulable('Too many pods');
    statuses['a'] = Status.unschedulable('Insufficient cpu');
    statuses['b'] = Status.unschedulable('Insufficient cpu');
    // "10 Too many pods" < "2 Insufficient cpu" because '1' < '2'
    expect(fitErrorMessage(12, diag(statuses))).toBe('0/12 nodes are available: 10 Too many pods, 2 Insufficient cpu.');
  });

  it('counts every reason of a multi-reason status', () => {
    const d = diag({
      n1: Status.unschedulable('Insufficient cpu', 'Insufficient memory'),
      n2: Status.unschedulable('Insufficient cpu'),
      n3: Status.unresolvable("node(s) didn't match Pod's node affinity/selector"),
    });
    expect(fitErrorMessage(3, d)).toBe(
      "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.",
    );
  });

  it('multiplies the absent nodes status by the number of absent nodes', () => {
    const d = diag(
      { n1: Status.unschedulable('Too many pods') },
      { absent: Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]") },
    );
    expect(fitErrorMessage(4, d)).toBe(
      "0/4 nodes are available: 1 Too many pods, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    );
  });

  it('a PreFilter message replaces the histogram', () => {
    const d = diag({}, { absent: Status.unresolvable('pod affinity terms conflict'), preFilterMsg: 'pod affinity terms conflict' });
    expect(fitErrorMessage(3, d)).toBe('0/3 nodes are available: pod affinity terms conflict.');
  });

  it('appends the PostFilter message after a space, without another period', () => {
    const d = diag(
      { n1: Status.unschedulable('Insufficient cpu') },
      { postFilterMsg: 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.' },
    );
    expect(fitErrorMessage(1, d)).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
  });

  it('default absent status has no reasons', () => {
    expect(fitErrorMessage(2, diag({}))).toBe('0/2 nodes are available:');
  });
});
