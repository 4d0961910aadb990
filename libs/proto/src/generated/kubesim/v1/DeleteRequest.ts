// Original file: proto/kubesim/v1/api.proto

import type { Preconditions as _kubesim_v1_Preconditions, Preconditions__Output as _kubesim_v1_Preconditions__Output } from '../../kubesim/v1/Preconditions.js';
import type { PropagationPolicy as _kubesim_v1_PropagationPolicy, PropagationPolicy__Output as _kubesim_v1_PropagationPolicy__Output } from '../../kubesim/v1/PropagationPolicy.js';
import type { Long } from '@grpc/proto-loader';

export interface DeleteRequest {
  'namespace'?: (string);
  'name'?: (string);
  'gracePeriodSeconds'?: (number | string | Long);
  'preconditions'?: (_kubesim_v1_Preconditions | null);
  'propagationPolicy'?: (_kubesim_v1_PropagationPolicy);
  'dryRun'?: (boolean);
  '_gracePeriodSeconds'?: "gracePeriodSeconds";
}

export interface DeleteRequest__Output {
  'namespace': (string);
  'name': (string);
  'gracePeriodSeconds'?: (number);
  'preconditions': (_kubesim_v1_Preconditions__Output | null);
  'propagationPolicy': (_kubesim_v1_PropagationPolicy__Output);
  'dryRun': (boolean);
  '_gracePeriodSeconds'?: "gracePeriodSeconds";
}
