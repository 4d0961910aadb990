import { safeJSONStringify } from './json.js';
import type { CauseType, Status, StatusCause, StatusDetails, StatusReason } from './types.js';

/**
 * The one typed error family every component raises and catches: a Kubernetes `Status`
 * (apimachinery's `StatusError`). Servers translate it to gRPC or HTTP in exactly one place each;
 * clients translate it back, so a caller sees the same error the server raised.
 */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? status.reason ?? 'unknown error');
    this.name = 'StatusError';
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason {
    return this.status.reason ?? '';
  }

  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

export function reasonOf(e: unknown): StatusReason {
  return isStatusError(e) ? e.reason : '';
}

export const isNotFound = (e: unknown) => reasonOf(e) === 'NotFound';
export const isAlreadyExists = (e: unknown) => reasonOf(e) === 'AlreadyExists';
export const isConflict = (e: unknown) => reasonOf(e) === 'Conflict';
export const isInvalid = (e: unknown) => reasonOf(e) === 'Invalid';
export const isBadRequest = (e: unknown) => reasonOf(e) === 'BadRequest';
/** True for a watch or list from a compacted revision ("too old resource version"). */
export const isExpired = (e: unknown) => reasonOf(e) === 'Expired' || reasonOf(e) === 'Gone';
export const isUnauthorized = (e: unknown) => reasonOf(e) === 'Unauthorized';
export const isForbidden = (e: unknown) => reasonOf(e) === 'Forbidden';

/** Identifies the object an error is about: the resource (`pods`, `replicasets.apps`) and name. */
export interface GroupResource {
  group: string;
  resource: string;
}

/**
 * An object name for an error. Callers pass names straight from request bodies, which may be of
 * any type (a nested array, say): anything but a string names nothing, so that building or
 * serializing the Status cannot fail.
 */
function nameOf(name: unknown): string {
  return typeof name === 'string' ? name : '';
}

function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusError {
  const status: Status = { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

export function newNotFound(gr: GroupResource, name: string): StatusError {
  name = nameOf(name);
  return failure(404, 'NotFound', `${qualified(gr)} "${name}" not found`, {
    name,
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  });
}

export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  name = nameOf(name);
  return failure(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, {
    name,
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  });
}

export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export function newConflict(gr: GroupResource, name: string, message: string): StatusError {
  name = nameOf(name);
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${message}`, {
    name,
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  });
}

/** One field error, as apimachinery's `field.Error`. */
export interface FieldError {
  type: CauseType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

const ERROR_TYPE_TEXT: Partial<Record<CauseType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/**
 * A bad value already rendered the way Go's `fmt` renders it (`%#v` of a map, slice or struct, e.g.
 * `map[string]string{"app":"kubia"}`), printed verbatim by fieldErrorBody. Serializes to its text.
 */
export class GoSyntax {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

function formatBadValue(v: unknown): string {
  if (v instanceof GoSyntax) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return safeJSONStringify(v);
}

/** `field.Error.ErrorBody()`: "Invalid value: -1: must be greater than or equal to 0". */
export function fieldErrorBody(e: FieldError): string {
  const text = ERROR_TYPE_TEXT[e.type] ?? 'Invalid value';
  let s: string;
  switch (e.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
    case 'FieldValueTooMany':
    case 'InternalError':
      s = text;
      break;
    default:
      s = e.badValue === undefined ? text : `${text}: ${formatBadValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `field.Error.Error()`: "spec.replicas: Invalid value: -1: must be greater than or equal to 0". */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** apierrors.NewInvalid: 422 with one cause per field error. */
export function newInvalid(kind: { group: string; kind: string }, name: string, errs: FieldError[]): StatusError {
  name = nameOf(name);
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  // The message is ErrorList.ToAggregate(): duplicate texts once, a single error without brackets.
  const texts = [...new Set(errs.map(fieldErrorString))];
  let message = `${qualifiedKind} "${name}" is invalid`;
  if (texts.length === 1) message += `: ${texts[0]!}`;
  else if (texts.length > 1) message += `: [${texts.join(', ')}]`;
  return failure(422, 'Invalid', message, {
    name,
    ...(kind.group ? { group: kind.group } : {}),
    kind: kind.kind,
    causes,
  });
}

export function newBadRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

/** A watch or list from a compacted revision. */
export function newExpired(message: string): StatusError {
  return failure(410, 'Expired', message);
}

export function newGone(message: string): StatusError {
  return failure(410, 'Gone', message);
}

export function newUnauthorized(message = 'Unauthorized'): StatusError {
  return failure(401, 'Unauthorized', message);
}

export function newForbidden(gr: GroupResource, name: string, message: string): StatusError {
  name = nameOf(name);
  const prefix = name ? `${qualified(gr)} "${name}" is forbidden` : `${qualified(gr)} is forbidden`;
  return failure(403, 'Forbidden', `${prefix}: ${message}`, { name, ...(gr.group ? { group: gr.group } : {}), kind: gr.resource });
}

export function newMethodNotSupported(gr: GroupResource, action: string): StatusError {
  return newMethodNotAllowed(`${action} is not supported on resources of kind "${qualified(gr)}"`, {
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  });
}

/** 405 MethodNotAllowed with a message of the caller's. */
export function newMethodNotAllowed(message: string, details?: StatusDetails): StatusError {
  return failure(405, 'MethodNotAllowed', message, details);
}

export function newInternalError(err: unknown): StatusError {
  const msg = err instanceof Error ? err.message : String(err);
  return failure(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

export function newServiceUnavailable(message: string): StatusError {
  return failure(503, 'ServiceUnavailable', message);
}

export function newTimeout(message: string, retryAfterSeconds = 0): StatusError {
  return failure(504, 'Timeout', message, { retryAfterSeconds });
}

export function newTooManyRequests(message: string, retryAfterSeconds = 1): StatusError {
  return failure(429, 'TooManyRequests', message, { retryAfterSeconds });
}

export function newRequestEntityTooLarge(message: string): StatusError {
  return failure(413, 'RequestEntityTooLarge', message);
}

/** negotiation.NewUnsupportedMediaTypeError: the body's media type is not one the endpoint decodes. */
export function newUnsupportedMediaType(accepted: readonly string[]): StatusError {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

/** Media types an object body (POST, PUT) may have. */
export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] as const;
/** Media types a PATCH body may have. */
export const PATCH_MEDIA_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
  'application/strategic-merge-patch+json',
] as const;

/** Builds a StatusError from a Status received over the wire. */
export function fromStatus(status: Status): StatusError {
  return new StatusError(status);
}

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

/** A watch ERROR event carries a Status; this makes it the error the caller sees. */
export function statusErrorFromWatch(object: unknown): StatusError {
  const s = object as Partial<Status>;
  if (s && s.kind === 'Status') return new StatusError(s as Status);
  return newInternalError(`unexpected watch error object: ${safeJSONStringify(object)}`);
}
