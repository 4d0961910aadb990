// Original file: proto/kubesim/v1/api.proto

export const EventType = {
  EVENT_TYPE_UNSPECIFIED: 'EVENT_TYPE_UNSPECIFIED',
  ADDED: 'ADDED',
  MODIFIED: 'MODIFIED',
  DELETED: 'DELETED',
  BOOKMARK: 'BOOKMARK',
  ERROR: 'ERROR',
} as const;

export type EventType =
  | 'EVENT_TYPE_UNSPECIFIED'
  | 0
  | 'ADDED'
  | 1
  | 'MODIFIED'
  | 2
  | 'DELETED'
  | 3
  | 'BOOKMARK'
  | 4
  | 'ERROR'
  | 5

export type EventType__Output = typeof EventType[keyof typeof EventType]
