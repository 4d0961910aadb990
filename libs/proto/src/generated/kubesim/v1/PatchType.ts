// Original file: proto/kubesim/v1/api.proto

export const PatchType = {
  PATCH_TYPE_UNSPECIFIED: 'PATCH_TYPE_UNSPECIFIED',
  JSON_PATCH: 'JSON_PATCH',
  MERGE_PATCH: 'MERGE_PATCH',
  STRATEGIC_MERGE_PATCH: 'STRATEGIC_MERGE_PATCH',
  APPLY_PATCH: 'APPLY_PATCH',
} as const;

export type PatchType =
  | 'PATCH_TYPE_UNSPECIFIED'
  | 0
  | 'JSON_PATCH'
  | 1
  | 'MERGE_PATCH'
  | 2
  | 'STRATEGIC_MERGE_PATCH'
  | 3
  | 'APPLY_PATCH'
  | 4

export type PatchType__Output = typeof PatchType[keyof typeof PatchType]
