import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import {
  StatusError,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newExpired,
  newForbidden,
  newInvalid,
  newNotFound,
  newUnauthorized,
} from '@kubesim/api';
import { describe, expect, it } from 'vitest';
import { STATUS_TRAILER, fromGrpcError, toGrpcError } from './errors.js';

const pods = { group: '', resource: 'pods' };

describe('Kubernetes errors over gRPC', () => {
  it.each([
    ['NotFound', newNotFound(pods, 'x'), GrpcCode.NOT_FOUND],
    ['AlreadyExists', newAlreadyExists(pods, 'x'), GrpcCode.ALREADY_EXISTS],
    ['Conflict', newConflict(pods, 'x', 'boom'), GrpcCode.ABORTED],
    ['Invalid', newInvalid({ group: 'apps', kind: 'ReplicaSet' }, 'x', [{ type: 'FieldValueInvalid', field: 'spec.replicas', badValue: -1, detail: 'must be greater than or equal to 0' }]), GrpcCode.INVALID_ARGUMENT],
    ['BadRequest', newBadRequest('bad'), GrpcCode.INVALID_ARGUMENT],
    ['Expired', newExpired('too old resource version: 1 (5)'), GrpcCode.OUT_OF_RANGE],
    ['Forbidden', newForbidden(pods, 'x', 'no'), GrpcCode.PERMISSION_DENIED],
    ['Unauthorized', newUnauthorized(), GrpcCode.UNAUTHENTICATED],
  ])('%s maps to its gRPC code and back to the same Status', (_name, err, code) => {
    const wire = toGrpcError(err);
    expect(wire.code).toBe(code);
    // What the client receives: a ServiceError with the trailer.
    const received = Object.assign(new Error(wire.message), { code: wire.code, details: wire.details, metadata: wire.metadata });
    const back = fromGrpcError(received);
    expect(back).toBeInstanceOf(StatusError);
    expect((back as StatusError).status).toEqual(err.status);
  });

  it('turns unknown exceptions into InternalError', () => {
    const wire = toGrpcError(new Error('disk on fire'));
    expect(wire.code).toBe(GrpcCode.INTERNAL);
    const back = fromGrpcError(Object.assign(new Error(''), { code: wire.code, metadata: wire.metadata })) as StatusError;
    expect(back.reason).toBe('InternalError');
    expect(back.message).toBe('Internal error occurred: disk on fire');
  });

  it('maps transport failures without a Status by their code', () => {
    const back = fromGrpcError(Object.assign(new Error('x'), { code: GrpcCode.UNAVAILABLE, details: 'No connection established', metadata: new Metadata() })) as StatusError;
    expect([back.reason, back.code, back.message]).toEqual(['ServiceUnavailable', 503, 'No connection established']);
  });

  it('leaves a StatusError alone', () => {
    const e = newExpired('gone');
    expect(fromGrpcError(e)).toBe(e);
  });

  it('puts the Status JSON in the trailer', () => {
    const md = toGrpcError(newNotFound(pods, 'x')).metadata!;
    expect(JSON.parse(String(md.get(STATUS_TRAILER)[0]))).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, message: 'pods "x" not found' });
  });
});
