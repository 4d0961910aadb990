export * from './registry.js';
export * from './strategy.js';
export * from './authn.js';
export * from './metrics.js';
export * from './grpc.js';
export * from './logs.js';
export * from './server.js';
