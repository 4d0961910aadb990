// Original file: proto/kubesim/v1/api.proto

import type { ListOptions as _kubesim_v1_ListOptions, ListOptions__Output as _kubesim_v1_ListOptions__Output } from '../../kubesim/v1/ListOptions.js';
import type { PropagationPolicy as _kubesim_v1_PropagationPolicy, PropagationPolicy__Output as _kubesim_v1_PropagationPolicy__Output } from '../../kubesim/v1/PropagationPolicy.js';
import type { Long } from '@grpc/proto-loader';

export interface DeleteCollectionRequest {
  'namespace'?: (string);
  'options'?: (_kubesim_v1_ListOptions | null);
  'gracePeriodSeconds'?: (number | string | Long);
  'propagationPolicy'?: (_kubesim_v1_PropagationPolicy);
  'dryRun'?: (boolean);
  '_gracePeriodSeconds'?: "gracePeriodSeconds";
}

export interface DeleteCollectionRequest__Output {
  'namespace': (string);
  'options': (_kubesim_v1_ListOptions__Output | null);
  'gracePeriodSeconds'?: (number);
  'propagationPolicy': (_kubesim_v1_PropagationPolicy__Output);
  'dryRun': (boolean);
  '_gracePeriodSeconds'?: "gracePeriodSeconds";
}
