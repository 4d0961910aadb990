/**
 * The result of running a plugin, as pkg/scheduler/framework's Status: a code, the reasons
 * (messages) and the plugin that produced it. `message()` joins the reasons with ", " exactly as
 * Kubernetes does; the FitError histogram counts each reason separately.
 */
export const Code = {
  /** The plugin ran correctly and found the pod schedulable. */
  Success: 'Success',
  /** An internal plugin error or unexpected input. */
  Error: 'Error',
  /** The plugin found the pod unschedulable; preemption might help. */
  Unschedulable: 'Unschedulable',
  /** The plugin found the pod unschedulable and preemption would not change that. */
  UnschedulableAndUnresolvable: 'UnschedulableAndUnresolvable',
  /** Permit plugins only. */
  Wait: 'Wait',
  /** PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score is skipped. */
  Skip: 'Skip',
  /** The pod is waiting on something outside the scheduler's control (not a rejection by a node). */
  Pending: 'Pending',
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export class Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** Name of the plugin that produced the status (`failedPlugin` in Kubernetes). */
  plugin: string;
  readonly error: Error | undefined;

  constructor(code: Code, reasons: readonly string[] = [], plugin = '', error?: Error) {
    this.code = code;
    this.reasons = reasons;
    this.plugin = plugin;
    this.error = error;
  }

  static success(): Status {
    return SUCCESS;
  }
  static skipped(): Status {
    return SKIP;
  }
  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }
  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }
  /** `framework.AsStatus(err)`: code Error, the error's message as the only reason. */
  static fromError(err: unknown): Status {
    const e = err instanceof Error ? err : new Error(String(err));
    return new Status(Code.Error, [e.message], '', e);
  }

  /** Reasons joined with ", " (Status.Message()). */
  message(): string {
    return this.reasons.join(', ');
  }
  isSuccess(): boolean {
    return this.code === Code.Success;
  }
  isSkip(): boolean {
    return this.code === Code.Skip;
  }
  /** Unschedulable, UnschedulableAndUnresolvable or Pending: the pod was rejected, not an error. */
  isRejected(): boolean {
    return (
      this.code === Code.Unschedulable ||
      this.code === Code.UnschedulableAndUnresolvable ||
      this.code === Code.Pending
    );
  }
  /** A copy carrying the plugin name. */
  withPlugin(plugin: string): Status {
    return new Status(this.code, this.reasons, plugin, this.error);
  }
  asError(): Error {
    return this.error ?? new Error(this.message());
  }
  toJSON(): { code: Code; reasons: readonly string[]; plugin?: string } {
    return this.plugin ? { code: this.code, reasons: this.reasons, plugin: this.plugin } : { code: this.code, reasons: this.reasons };
  }
}

const SUCCESS = Object.freeze(new Status(Code.Success)) as Status;
const SKIP = Object.freeze(new Status(Code.Skip)) as Status;
