// Original file: proto/kubesim/v1/api.proto

export const PropagationPolicy = {
  PROPAGATION_POLICY_UNSPECIFIED: 'PROPAGATION_POLICY_UNSPECIFIED',
  ORPHAN: 'ORPHAN',
  BACKGROUND: 'BACKGROUND',
  FOREGROUND: 'FOREGROUND',
} as const;

export type PropagationPolicy =
  | 'PROPAGATION_POLICY_UNSPECIFIED'
  | 0
  | 'ORPHAN'
  | 1
  | 'BACKGROUND'
  | 2
  | 'FOREGROUND'
  | 3

export type PropagationPolicy__Output = typeof PropagationPolicy[keyof typeof PropagationPolicy]
