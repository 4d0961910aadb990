/**
 * @kubesim/leaderelection: client-go's tools/leaderelection over a coordination.k8s.io/v1 Lease.
 * Candidates acquire, renew and release the Lease with compare-and-swap writes (its
 * resourceVersion); only the holder runs the leader's work (onStartedLeading's signal bounds it).
 */
export * from './lock.js';
export * from './leaderelection.js';
