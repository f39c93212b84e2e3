/**
 * Where a `node --cpu-prof` profile spent its time: self time by package (or project folder)
 * and by function, and inclusive time of the project's own functions.
 *
 *   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node --import tsx bench/dispatch.ts
 *   node --import tsx bench/support/cpuprofile-summary.ts /tmp/prof/CPU.*.cpuprofile
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const own = /\/(server|worker|bench|tests|prisma)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  let idle = 0;
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusiveOwn = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    total += us;
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') idle += us;
    const place = where(node.callFrame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const fn = `${name} ${place}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    // Inclusive time of the project's own functions: each counted once per stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const p = where(frame.url);
      if (!/^(server|worker)\//.test(p)) continue;
      const key = `${frame.functionName || '(anonymous)'} ${p}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusiveOwn.set(key, (inclusiveOwn.get(key) ?? 0) + us);
    }
  }
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(idle / 1e6).toFixed(1)} s idle`);
  console.log('\nself time by package / folder:');
  console.log(top(byPlace, total, 25).join('\n'));
  console.log('\nself time by function:');
  console.log(top(byFunction, total, 30).join('\n'));
  console.log("\ninclusive time of the project's functions:");
  console.log(top(inclusiveOwn, total, 30).join('\n'));
  console.log();
}
