/**
 * What a benchmark says: its parameters in, progress lines on stderr, the one JSON line on
 * stdout, and the machine it ran on (figures mean little without it).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runBlender } from '../../tests/support/blender.ts';

let benchName = 'bench';

/** Progress goes to stderr: stdout carries only the result line. */
export function progress(message: string): void {
  process.stderr.write(`[${benchName} ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/** Names the benchmark for progress lines; call first. */
export function benchmark(name: string): void {
  benchName = name;
}

/** The one JSON line a benchmark prints. */
export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** A parameter: `--name value` on the command line, else the environment variable, else the default. */
export function param(flag: string, env: string, fallback: number): number {
  const index = process.argv.indexOf(`--${flag}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${flag} / ${env} must be a number, got "${raw}"`);
  return value;
}

export async function tempDir(prefix: string): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), `farm-bench-${prefix}-`));
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  blender: string | null;
  openFiles: { soft: number | null; hard: number | null };
}

export async function machine(): Promise<Machine> {
  const blender = await runBlender(['--version'], 30_000).then(
    ({ stdout }) => stdout.split('\n').find((line) => /^Blender \d/.test(line.trim()))?.trim() ?? null,
    () => null,
  );
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    blender,
    openFiles: openFilesLimit(),
  };
}

/** `ulimit -n` of this process (its children inherit it): soft and hard. */
export function openFilesLimit(): { soft: number | null; hard: number | null } {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line ?? '').replace('Max open files', '').trim().split(/\s+/);
    const num = (v: string | undefined) => (v === undefined || v === 'unlimited' ? null : Number(v));
    return { soft: num(soft), hard: num(hard) };
  } catch {
    return { soft: null, hard: null };
  }
}
