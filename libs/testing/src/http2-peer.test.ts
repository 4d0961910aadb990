import { Clientset } from '@kubesim/client';
import { describe, expect, it } from 'vitest';
import { startHttp2Peer } from './http2-peer.js';

describe('Clientset over HTTP/2', () => {
  it.each([
    ['unary calls', (cs: Clientset) => cs.pods('default').get('kubia')],
    ['watches', (cs: Clientset) => cs.pods('default').watch()[Symbol.asyncIterator]().next()],
  ])('announces 16 MiB flow-control windows for %s, so that a burst of watch events is not paced by WINDOW_UPDATEs', async (_what, call) => {
    const peer = await startHttp2Peer();
    const cs = new Clientset({ address: peer.address, token: 't' });
    try {
      call(cs).catch(() => {}); // the peer never answers; closing the client ends the call
      expect(await peer.windows()).toEqual({ streamWindow: 16 * 1024 * 1024, connectionWindow: 16 * 1024 * 1024 });
    } finally {
      cs.close();
      await peer.close();
    }
  });
});
