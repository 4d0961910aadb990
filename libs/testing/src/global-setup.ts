import { ensureEtcd } from './etcd.js';

/** vitest globalSetup: makes sure an `etcd` binary exists before any test runs. */
export default async function setup(): Promise<void> {
  await ensureEtcd();
}
