// Original file: proto/kubesim/v1/api.proto

import type { PatchType as _kubesim_v1_PatchType, PatchType__Output as _kubesim_v1_PatchType__Output } from '../../kubesim/v1/PatchType.js';

export interface PatchRequest {
  'namespace'?: (string);
  'name'?: (string);
  'type'?: (_kubesim_v1_PatchType);
  'patch'?: (Buffer | Uint8Array | string);
  'fieldManager'?: (string);
  'force'?: (boolean);
  'dryRun'?: (boolean);
}

export interface PatchRequest__Output {
  'namespace': (string);
  'name': (string);
  'type': (_kubesim_v1_PatchType__Output);
  'patch': (Buffer);
  'fieldManager': (string);
  'force': (boolean);
  'dryRun': (boolean);
}
