/**
 * @kubesim/kubelet: the kubelet's node-local core. Containers are real processes.
 *
 *   images/     image catalog (built-in programs + user catalog), image manager (pull/back-off)
 *   runtime/    ContainerRuntime: processes, CRI logs, exec, memory limits, watchdog
 *   prober/     probes (httpGet/tcpSocket/exec), workers, results, probe manager
 *   backoff     crash-loop back-off (flowcontrol.Backoff)
 *   status/     container statuses, phase, conditions, QoS (pure functions)
 *   podworkers/ per-pod serial workers and computePodActions
 *   kubelet     KubeletCore: all of the above wired into a pod sync loop (no API server)
 */
export * from './clock.js';
export * from './goduration.js';
export * from './backoff.js';
export * from './images/index.js';
export * from './runtime/index.js';
export * from './prober/index.js';
export * from './status/index.js';
export * from './podworkers/index.js';
export * from './kubelet.js';
export * from './node/ipam.js';
export * from './node/nodestatus.js';
export * from './node/lease.js';
export * from './events/recorder.js';
export * from './config/apiserver.js';
export * from './server/server.js';
export * from './flags.js';
export * from './agent.js';
