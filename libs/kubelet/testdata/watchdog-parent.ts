// A stand-in kubelet for the watchdog test: starts one container through the real
// ContainerRuntime, prints its pid, then idles until it is killed (the test SIGKILLs it).
import { ContainerRuntime } from '../src/runtime/runtime.js';

const [rootDir, podIP] = process.argv.slice(2);
const runtime = new ContainerRuntime({ rootDir: rootDir! });
const res = await runtime.startContainer({
  pod: { metadata: { name: 'orphan', namespace: 'default', uid: 'watchdog-uid' }, spec: { containers: [] } },
  container: { name: 'sleeper', image: 'busybox', command: ['sh', '-c', 'sleep 1000 & sleep 1000'] },
  restartCount: 0,
  podIP: podIP!,
});
if (!res.ok) {
  console.error(JSON.stringify(res));
  process.exit(1);
}
console.log(JSON.stringify({ pid: res.status.pid }));
setInterval(() => {}, 1 << 30);
