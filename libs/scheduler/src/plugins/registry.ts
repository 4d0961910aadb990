import { Framework, type FrameworkOptions } from '../framework/framework.js';
import type { PluginConfig } from '../framework/interface.js';
import { NodeResourcesBalancedAllocation } from './balanced-allocation.js';
import { DefaultPreemption } from './default-preemption.js';
import { NodeAffinity } from './node-affinity.js';
import { NodeName } from './node-name.js';
import { NodeResourcesFit } from './node-resources-fit.js';
import { NodeUnschedulable } from './node-unschedulable.js';
import { PodTopologySpread } from './pod-topology-spread.js';
import { TaintToleration } from './taint-toleration.js';

/**
 * kube-scheduler 1.33's default profile (apis/config/v1 getDefaultPlugins, multiPoint), restricted
 * to the plugins kubesim implements, in the same order and with the same score weights:
 *
 *   NodeUnschedulable, NodeName, TaintToleration (3), NodeAffinity (2), NodeResourcesFit (1),
 *   PodTopologySpread (2), DefaultPreemption, NodeResourcesBalancedAllocation (1).
 *
 * Not implemented: SchedulingGates, PrioritySort (the queue orders by priority itself), NodePorts,
 * VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone, InterPodAffinity (weight 2),
 * ImageLocality (weight 1), DefaultBinder (binding is the caller's job).
 */
export function defaultPlugins(): PluginConfig[] {
  return [
    { plugin: NodeUnschedulable },
    { plugin: NodeName },
    { plugin: TaintToleration, weight: 3 },
    { plugin: NodeAffinity, weight: 2 },
    { plugin: NodeResourcesFit, weight: 1 },
    { plugin: PodTopologySpread, weight: 2 },
    { plugin: DefaultPreemption },
    { plugin: NodeResourcesBalancedAllocation, weight: 1 },
  ];
}

/** A Framework running the default profile. */
export function newDefaultFramework(opts: Omit<FrameworkOptions, 'plugins'> = {}): Framework {
  return new Framework({ ...opts, plugins: defaultPlugins() });
}
