import { Metadata } from '@grpc/grpc-js';

/** gRPC metadata key of the bearer token every call carries. */
export const AUTHORIZATION = 'authorization';

export function bearerMetadata(token: string): Metadata {
  const md = new Metadata();
  md.set(AUTHORIZATION, `Bearer ${token}`);
  return md;
}

/** Extracts the token from `authorization: Bearer <token>`; undefined when absent or malformed. */
export function bearerToken(md: Metadata): string | undefined {
  const v = md.get(AUTHORIZATION)[0];
  if (typeof v !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(v);
  return m?.[1];
}
