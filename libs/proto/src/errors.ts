import { Metadata, status as GrpcCode, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { StatusError, fromStatus, newInternalError, type Status, type StatusReason } from '@kubesim/api';

/** Trailer carrying the full Kubernetes Status (JSON) of a failed call. */
export const STATUS_TRAILER = 'kubesim-status-bin';

const CODE_FOR_REASON: Partial<Record<StatusReason, GrpcCode>> = {
  NotFound: GrpcCode.NOT_FOUND,
  AlreadyExists: GrpcCode.ALREADY_EXISTS,
  Conflict: GrpcCode.ABORTED,
  Invalid: GrpcCode.INVALID_ARGUMENT,
  BadRequest: GrpcCode.INVALID_ARGUMENT,
  Expired: GrpcCode.OUT_OF_RANGE,
  Gone: GrpcCode.OUT_OF_RANGE,
  Forbidden: GrpcCode.PERMISSION_DENIED,
  Unauthorized: GrpcCode.UNAUTHENTICATED,
  MethodNotAllowed: GrpcCode.UNIMPLEMENTED,
  RequestEntityTooLarge: GrpcCode.RESOURCE_EXHAUSTED,
  TooManyRequests: GrpcCode.RESOURCE_EXHAUSTED,
  UnsupportedMediaType: GrpcCode.INVALID_ARGUMENT,
  Timeout: GrpcCode.DEADLINE_EXCEEDED,
  ServerTimeout: GrpcCode.DEADLINE_EXCEEDED,
  ServiceUnavailable: GrpcCode.UNAVAILABLE,
  InternalError: GrpcCode.INTERNAL,
};

/** Server edge: any thrown value becomes a gRPC error carrying the Kubernetes Status. */
export function toGrpcError(err: unknown): Partial<StatusObject> & Error {
  const se = err instanceof StatusError ? err : newInternalError(err);
  const metadata = new Metadata();
  metadata.set(STATUS_TRAILER, Buffer.from(JSON.stringify(se.status)));
  const e = new Error(se.message) as Error & Partial<StatusObject>;
  e.code = CODE_FOR_REASON[se.reason] ?? GrpcCode.UNKNOWN;
  e.details = se.message;
  e.metadata = metadata;
  return e;
}

const REASON_FOR_CODE: Partial<Record<GrpcCode, [StatusReason, number]>> = {
  [GrpcCode.UNAVAILABLE]: ['ServiceUnavailable', 503],
  [GrpcCode.DEADLINE_EXCEEDED]: ['Timeout', 504],
  [GrpcCode.UNAUTHENTICATED]: ['Unauthorized', 401],
  [GrpcCode.PERMISSION_DENIED]: ['Forbidden', 403],
  [GrpcCode.NOT_FOUND]: ['NotFound', 404],
  [GrpcCode.UNIMPLEMENTED]: ['MethodNotAllowed', 405],
  [GrpcCode.RESOURCE_EXHAUSTED]: ['TooManyRequests', 429],
  [GrpcCode.CANCELLED]: ['ServiceUnavailable', 503],
};

/**
 * Client edge: a gRPC error becomes the StatusError the server raised (from the trailer), or,
 * for transport failures that never reached the handler, a StatusError from the gRPC code.
 */
export function fromGrpcError(err: unknown): Error {
  if (err instanceof StatusError) return err;
  const se = err as Partial<ServiceError>;
  if (se && typeof se === 'object' && se.metadata instanceof Metadata) {
    const raw = se.metadata.get(STATUS_TRAILER)[0];
    if (raw) {
      try {
        return fromStatus(JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)) as Status);
      } catch {
        // fall through to the code mapping
      }
    }
  }
  if (se && typeof se.code === 'number') {
    const [reason, code] = REASON_FOR_CODE[se.code as GrpcCode] ?? (['InternalError', 500] as [StatusReason, number]);
    return fromStatus({
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      reason,
      code,
      message: se.details || se.message || 'unknown error',
    });
  }
  return err instanceof Error ? err : new Error(String(err));
}
