#!/usr/bin/env node
// Summarizes V8 .cpuprofile files (node --cpu-prof): the hottest functions by self and by total
// time, with their TypeScript file:line where the compiled file has a source map, and self time per
// package. Usage: node bench/dist/cpuprofile-top.js [--top N] FILE.cpuprofile...
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const maps = new Map<string, SourceMap | null>();

function sourceMapFor(path: string): SourceMap | null {
  if (!maps.has(path)) {
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(path, map);
  }
  return maps.get(path)!;
}

/** `file:line` (1-based), the TypeScript source when a map exists, relative to the repository. */
function location(cf: CallFrame): string {
  if (!cf.url) return '';
  let path = cf.url.startsWith('file://') ? fileURLToPath(cf.url) : cf.url;
  let line = cf.lineNumber + 1;
  if (path.startsWith('/') && !path.includes('/node_modules/')) {
    const map = sourceMapFor(path);
    const entry = map?.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) {
      const src = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(path), entry.originalSource);
      path = src;
      line = (entry.originalLine ?? 0) + 1;
    }
  }
  if (path.startsWith(ROOT)) path = relative(ROOT, path);
  return `${path}:${line}`;
}

/** The package a frame belongs to: a workspace project, an npm package, node internals, or V8. */
function packageOf(cf: CallFrame): string {
  const url = cf.url;
  if (!url) return cf.functionName.startsWith('(') ? cf.functionName : '(native/V8)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const rel = relative(ROOT, path);
  const m = /^(libs|apps|bench)\/([^/]+)/.exec(rel);
  return m ? `${m[1]}/${m[2]}` : rel;
}

function summarize(file: string, top: number): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Sample weights: each sample lasts until the next one.
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + dt);
  }
  const isIdle = (n: ProfileNode) => n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)';
  let busy = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    if (isIdle(byId.get(id)!)) idle += ms;
    else busy += ms;
  }

  const key = (cf: CallFrame) => `${cf.functionName || '(anonymous)'} ${location(cf)}`;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  const pkgBy = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    if (isIdle(n)) continue;
    const k = key(n.callFrame);
    selfBy.set(k, (selfBy.get(k) ?? 0) + ms);
    const pkg = n.callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(n.callFrame);
    pkgBy.set(pkg, (pkgBy.get(pkg) ?? 0) + ms);
    // Total time: every distinct frame on the stack of this node gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName === '(root)') break;
      const fk = key(f);
      if (seen.has(fk)) continue;
      seen.add(fk);
      totalBy.set(fk, (totalBy.get(fk) ?? 0) + ms);
    }
  }
  const wall = (p.endTime - p.startTime) / 1000;
  const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;
  const print = (title: string, m: Map<string, number>, filter: (k: string) => boolean = () => true) => {
    console.log(`\n${title}`);
    for (const [k, ms] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${fmt(ms)} ${pct(ms)}  ${k}`);
  };
  console.log(`${file}\nwall ${wall.toFixed(0)} ms, busy ${busy.toFixed(0)} ms (${((busy / wall) * 100).toFixed(0)}% of one core), idle ${idle.toFixed(0)} ms; percentages are of busy time`);
  print('self time by package', pkgBy);
  print(`top ${top} functions by self time`, selfBy);
  print(`top ${top} workspace functions by total time (libs/, apps/)`, totalBy, (k) => / (libs|apps)\//.test(k));
}

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });
if (!positionals.length) {
  console.error('usage: node bench/dist/cpuprofile-top.js [--top N] FILE.cpuprofile...');
  process.exit(2);
}
for (const f of positionals) summarize(f, Number(values.top) || 25);
