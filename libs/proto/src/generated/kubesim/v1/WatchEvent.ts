// Original file: proto/kubesim/v1/api.proto

import type { EventType as _kubesim_v1_EventType, EventType__Output as _kubesim_v1_EventType__Output } from '../../kubesim/v1/EventType.js';

export interface WatchEvent {
  'type'?: (_kubesim_v1_EventType);
  'object'?: (Buffer | Uint8Array | string);
}

export interface WatchEvent__Output {
  'type': (_kubesim_v1_EventType__Output);
  'object': (Buffer);
}
