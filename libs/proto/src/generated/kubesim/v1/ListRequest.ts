// Original file: proto/kubesim/v1/api.proto

import type { ListOptions as _kubesim_v1_ListOptions, ListOptions__Output as _kubesim_v1_ListOptions__Output } from '../../kubesim/v1/ListOptions.js';

export interface ListRequest {
  'namespace'?: (string);
  'options'?: (_kubesim_v1_ListOptions | null);
}

export interface ListRequest__Output {
  'namespace': (string);
  'options': (_kubesim_v1_ListOptions__Output | null);
}
