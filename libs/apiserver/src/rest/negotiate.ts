/** One media range of an Accept header with its parameters (`application/json;as=Table;v=v1;g=meta.k8s.io`). */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

export function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [{ type: '*/*', params: {}, q: 1 }];
  return accept
    .split(',')
    .map((part, i) => {
      const [type = '', ...rest] = part.trim().split(';');
      const params: Record<string, string> = {};
      for (const p of rest) {
        const [k, v = ''] = p.split('=');
        if (k) params[k.trim().toLowerCase()] = v.trim().replace(/^"|"$/g, '');
      }
      const q = params['q'] !== undefined ? Number(params['q']) : 1;
      return { type: type.trim().toLowerCase(), params, q, i };
    })
    .filter((m) => m.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map(({ type, params, q }) => ({ type, params, q }));
}

export type OutputKind =
  | { kind: 'object' }
  | { kind: 'table'; apiVersion: string }
  | { kind: 'partial'; apiVersion: string };

/**
 * What the client wants back: the object itself (JSON), a meta.k8s.io Table, or
 * PartialObjectMetadata(List). Protobuf is answered in JSON, which every client accepts.
 * Undefined when nothing acceptable is offered (406).
 */
export function negotiateOutput(accept: string | undefined): OutputKind | undefined {
  for (const m of parseAccept(accept)) {
    const json = m.type === 'application/json' || m.type === 'application/yaml' || m.type === '*/*' || m.type === 'application/*';
    const proto = m.type === 'application/vnd.kubernetes.protobuf';
    if (!json && !proto) continue;
    const as = m.params['as'];
    if (!as) {
      if (json || proto) return { kind: 'object' };
      continue;
    }
    if (m.params['g'] !== 'meta.k8s.io') continue;
    const apiVersion = `meta.k8s.io/${m.params['v'] ?? 'v1'}`;
    if (as === 'Table' && json) return { kind: 'table', apiVersion };
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && json) return { kind: 'partial', apiVersion };
  }
  return undefined;
}

/** The media type of a request body, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
