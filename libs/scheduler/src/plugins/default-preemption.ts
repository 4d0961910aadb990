import type { Pod } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { Diagnosis, fitErrorMessage, NodeToStatus } from '../framework/fit-error.js';
import type { PostFilterContext, PostFilterOutcome, PostFilterPlugin } from '../framework/interface.js';
import { Code, Status } from '../framework/status.js';
import { podPriority, type NodeInfo } from '../framework/types.js';

export const DEFAULT_PREEMPTION = 'DefaultPreemption';
export const ErrReasonNotHelpful = 'Preemption is not helpful for scheduling';
export const ErrReasonNoVictims = 'No preemption victims found for incoming pod';
export const ErrReasonPreemptionPolicyNever = 'not eligible due to preemptionPolicy=Never.';
export const ErrReasonTerminatingOnNominated = 'not eligible due to a terminating pod on the nominated node.';

/** A node where the pod would fit once `victims` are gone. */
export interface PreemptionCandidate {
  nodeName: string;
  victims: Pod[];
}

function startTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
  return Number.isNaN(t) ? now : t;
}

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return startTime(a, now) < startTime(b, now);
}

/** A victim already being deleted because of an earlier preemption (DisruptionTarget condition). */
function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  return (p.status?.conditions ?? []).some(
    (c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'PreemptionByScheduler',
  );
}

/** PodEligibleToPreemptOthers. */
export function podEligibleToPreemptOthers(pod: Pod, ctx: PostFilterContext): [boolean, string] {
  if (pod.spec?.preemptionPolicy === 'Never') return [false, ErrReasonPreemptionPolicyNever];
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    // If the nominated node is now a hard no, the pod may preempt elsewhere.
    if (ctx.nodeToStatus.get(nominated).code === Code.UnschedulableAndUnresolvable) return [true, ''];
    const info = ctx.snapshot.get(nominated);
    const prio = podPriority(pod);
    if (info?.pods.some((p) => podPriority(p.pod) < prio && podTerminatingByPreemption(p.pod))) {
      return [false, ErrReasonTerminatingOnNominated];
    }
  }
  return [true, ''];
}

/**
 * SelectVictimsOnNode: remove every lower-priority pod; if the pod still does not fit, return the
 * filters' status; otherwise add the removed pods back from the most important down, keeping
 * ("reprieving") each one the pod still fits with. What could not be reprieved are the victims.
 * (PodDisruptionBudgets are not modelled.)
 */
export function selectVictimsOnNode(
  state: CycleState,
  pod: Pod,
  nodeInfo: NodeInfo,
  ctx: PostFilterContext,
): { victims: Pod[]; status: Status } {
  const prio = podPriority(pod);
  const potential = nodeInfo.pods.filter((p) => podPriority(p.pod) < prio).map((p) => p.pod);
  if (potential.length === 0) return { victims: [], status: Status.unresolvable(ErrReasonNoVictims) };
  for (const v of potential) nodeInfo.removePod(v);
  const fit = ctx.runFilterPlugins(state, pod, nodeInfo);
  if (!fit.isSuccess()) return { victims: [], status: fit };
  const now = ctx.now();
  potential.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  const victims: Pod[] = [];
  for (const v of potential) {
    nodeInfo.addPod(v);
    if (!ctx.runFilterPlugins(state, pod, nodeInfo).isSuccess()) {
      nodeInfo.removePod(v);
      victims.push(v);
    }
  }
  return { victims, status: Status.success() };
}

/**
 * pickOneNodeForPreemption, without PDBs: the candidate whose most important victim has the
 * lowest priority, then the lowest sum of victim priorities, then the fewest victims, then the one
 * whose highest-priority victims started latest, then the first.
 */
export function pickOneNodeForPreemption(candidates: readonly PreemptionCandidate[], now: number): PreemptionCandidate | undefined {
  const INT32_OFFSET = 2 ** 31;
  const keyed = candidates.map((c) => {
    const prios = c.victims.map(podPriority);
    const highest = prios.length ? Math.max(...prios) : -Infinity;
    const sum = prios.reduce((acc, p) => acc + p + INT32_OFFSET, 0);
    const earliestOfHighest = Math.min(
      ...c.victims.filter((v) => podPriority(v) === highest).map((v) => startTime(v, now)),
    );
    return { c, highest, sum, n: c.victims.length, earliestOfHighest };
  });
  keyed.sort(
    (a, b) =>
      a.highest - b.highest || a.sum - b.sum || a.n - b.n || b.earliestOfHighest - a.earliestOfHighest,
  );
  return keyed[0]?.c;
}

/**
 * Preempt (framework/preemption.Evaluator) for the default plugin. Returns the PostFilter status
 * whose message kube-scheduler 1.33 appends to the FitError:
 *   - not eligible: "preemption: not eligible due to preemptionPolicy=Never."
 *   - no candidate: "preemption: " + a FitError-style message over all nodes, where every node
 *     that was tried has its dry-run status (e.g. "No preemption victims found for incoming pod",
 *     or the filter reason that remains after removing all lower-priority pods) and every other
 *     node (rejected as UnschedulableAndUnresolvable, so never tried) counts as
 *     "Preemption is not helpful for scheduling".
 *   - a candidate: Success and the nominated node and victims, no message.
 */
export const DefaultPreemption: PostFilterPlugin = {
  name: DEFAULT_PREEMPTION,

  postFilter(state: CycleState, pod: Pod, ctx: PostFilterContext): PostFilterOutcome {
    const out = preempt(state, pod, ctx);
    const msg = out.status.message();
    return msg ? { ...out, status: new Status(out.status.code, [`preemption: ${msg}`]) } : out;
  },
};

function preempt(state: CycleState, pod: Pod, ctx: PostFilterContext): PostFilterOutcome {
  const [eligible, why] = podEligibleToPreemptOthers(pod, ctx);
  if (!eligible) return { status: Status.unschedulable(why) };

  const allNodes = ctx.snapshot.list();
  const potential = ctx.nodeToStatus.nodesForStatusCode(ctx.snapshot, Code.Unschedulable);
  const statuses = new NodeToStatus();
  const candidates: PreemptionCandidate[] = [];
  for (const nodeInfo of potential) {
    const copy = nodeInfo.clone();
    const { victims, status } = selectVictimsOnNode(state.clone(), pod, copy, ctx);
    if (status.isSuccess() && victims.length > 0) {
      candidates.push({ nodeName: nodeInfo.name, victims });
      continue;
    }
    statuses.set(
      nodeInfo.name,
      status.isSuccess() ? Status.fromError(new Error(`expected at least one victim pod on node "${nodeInfo.name}"`)) : status,
    );
  }

  const nodeMessages: Record<string, string> = {};
  for (const n of allNodes) nodeMessages[n.name] = statuses.get(n.name).message() || ErrReasonNotHelpful;
  if (candidates.length === 0) {
    statuses.setAbsentNodesStatus(Status.unresolvable(ErrReasonNotHelpful));
    const diagnosis = new Diagnosis();
    for (const [name, s] of statuses.explicit()) diagnosis.nodeToStatus.set(name, s);
    diagnosis.nodeToStatus.setAbsentNodesStatus(statuses.absentNodesStatus());
    return {
      result: { nominatedNodeName: '', nodeMessages },
      status: Status.unschedulable(fitErrorMessage(allNodes.length, diagnosis)),
    };
  }
  const best = pickOneNodeForPreemption(candidates, ctx.now());
  if (!best) return { status: Status.unschedulable('no candidate node for preemption') };
  for (const c of candidates) delete nodeMessages[c.nodeName];
  return {
    result: { nominatedNodeName: best.nodeName, victims: best.victims, nodeMessages },
    status: Status.success(),
  };
}
