export * from './cluster.js';
export * from './state.js';
export * from './process.js';
export * from './paths.js';
export * from './pki.js';
export * from './kubeconfig.js';
export * from './nodes.js';
