/** gRPC's message framing (PROTOCOL-HTTP2.md, Length-Prefixed-Message), for both UnaryChannel and GrpcServer. */

/** One length-prefixed, uncompressed message. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Why a body is not exactly one uncompressed message; each side maps it to its own status. */
export type FramingProblem = 'none' | 'truncated' | 'compressed' | 'extra';

/** The single message of a unary request or answer (its body in pieces), or what is wrong with it. */
export function readMessage(chunks: Buffer[]): Buffer | FramingProblem {
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  if (body.length < 5) return body.length ? 'truncated' : 'none';
  if (body[0] !== 0) return 'compressed';
  const len = body.readUInt32BE(1);
  if (body.length < 5 + len) return 'truncated';
  if (body.length > 5 + len) return 'extra';
  return body.subarray(5);
}
