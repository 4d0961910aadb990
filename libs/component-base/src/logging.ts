import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stderr, quiet by default: only warnings and errors unless `--v`/
 * KUBESIM_LOG_LEVEL asks for more. `component` names the process (apiserver, kubelet/node-1, ...).
 */
export function newLogger(component: string, level = process.env['KUBESIM_LOG_LEVEL'] ?? 'warn'): Logger {
  return pino({ name: component, level, base: { component, pid: process.pid } }, pino.destination(2));
}

/** Maps a klog-style verbosity (`--v=N`) to a pino level: 0 warn, 1-2 info, 3+ debug, 5+ trace. */
export function levelForVerbosity(v: number): string {
  if (v >= 5) return 'trace';
  if (v >= 3) return 'debug';
  if (v >= 1) return 'info';
  return 'warn';
}
