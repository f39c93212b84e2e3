import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * For a child spawned `detached` (its own process group): its exit, a signal to the whole
 * group, and a stop that sends SIGTERM, as a user's Ctrl-C, then SIGKILL after 10 s, then
 * SIGKILL to whatever it left running (a SIGKILLed worker's Blender).
 */
export function groupControl(child: ChildProcess) {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timeout = setTimeout(() => signalGroup('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timeout);
    signalGroup('SIGKILL');
  };
  return { exited, signalGroup, stop };
}

/** A free TCP port on 127.0.0.1: the OS picks one and it is released again (for a server
 * that must come back on the same address, or an address where nothing listens). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs = 60_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
