// Original file: proto/kubesim/v1/api.proto

import type { EventType as _kubesim_v1_EventType, EventType__Output as _kubesim_v1_EventType__Output } from '../../kubesim/v1/EventType.js';
import type { WatchEvent as _kubesim_v1_WatchEvent, WatchEvent__Output as _kubesim_v1_WatchEvent__Output } from '../../kubesim/v1/WatchEvent.js';

export interface WatchEvent {
  'type'?: (_kubesim_v1_EventType);
  'object'?: (Buffer | Uint8Array | string);
  'batched'?: (_kubesim_v1_WatchEvent)[];
}

export interface WatchEvent__Output {
  'type': (_kubesim_v1_EventType__Output);
  'object': (Buffer);
  'batched': (_kubesim_v1_WatchEvent__Output)[];
}
