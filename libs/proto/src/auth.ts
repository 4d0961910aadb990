import { Metadata } from '@grpc/grpc-js';

/** gRPC metadata key of the bearer token every call carries. */
export const AUTHORIZATION = 'authorization';

/** The metadata (HTTP/2 headers) that carries the bearer token. */
export function bearerHeaders(token: string): Record<string, string> {
  return { [AUTHORIZATION]: `Bearer ${token}` };
}

/** Extracts the token from `authorization: Bearer <token>`; undefined when absent or malformed. */
export function bearerToken(md: Metadata): string | undefined {
  const v = md.get(AUTHORIZATION)[0];
  if (typeof v !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(v);
  return m?.[1];
}
