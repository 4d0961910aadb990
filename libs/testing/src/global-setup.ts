// Filled in by the etcd harness: makes sure an `etcd` binary exists before any test runs.
export default async function setup(): Promise<void> {}
