import { Etcd3 } from 'etcd3';

/** Reads a key straight from etcd, bypassing kubesim, to check what really is stored. */
export async function etcdGetRaw(endpoint: string, key: string): Promise<string | null> {
  const c = new Etcd3({ hosts: endpoint });
  try {
    return await c.get(key).string();
  } finally {
    c.close();
  }
}

/** Lists the keys under a prefix, straight from etcd. */
export async function etcdKeys(endpoint: string, prefix: string): Promise<string[]> {
  const c = new Etcd3({ hosts: endpoint });
  try {
    return await c.getAll().prefix(prefix).keys();
  } finally {
    c.close();
  }
}

/** Compacts etcd's history up to its current revision; older revisions become "too old". */
export async function etcdCompactAll(endpoint: string): Promise<number> {
  const c = new Etcd3({ hosts: endpoint });
  try {
    const res = await c.kv.range({ key: Buffer.from('\0'), limit: '1' });
    const rev = Number(res.header.revision);
    await c.kv.compact({ revision: String(rev), physical: true });
    return rev;
  } finally {
    c.close();
  }
}
