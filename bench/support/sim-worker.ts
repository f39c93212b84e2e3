/**
 * A simulated worker: what a real worker says to the server, without Blender or a process of
 * its own, so that hundreds fit in one benchmark process. It registers, heartbeats, keeps a
 * graphql-ws connection with the `assignments` and `frameRevocations` subscriptions a real
 * worker opens, and answers each assignment at once by uploading a tiny file (a multipart
 * uploadFrame, as worker/agent.ts sends it), one upload at a time.
 */
import { type Client as WsClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql, gqlUpload, isNetworkError } from './client.ts';

const REGISTER = `mutation ($name: String!) {
  registerWorker(name: $name) { token heartbeatIntervalSeconds worker { id } }
}`;
const HEARTBEAT = 'mutation ($workerId: ID!) { heartbeat(workerId: $workerId) { id status } }';
// The fields worker/graphql/operations.ts asks for.
const ASSIGNMENTS = `subscription ($workerId: ID!) {
  assignments(workerId: $workerId) {
    jobId frameNumber sceneName outputFormat blendUrl blendSha256 blendSize renderTimeoutSeconds
    frame { id attempts }
    job { name blendName }
  }
}`;
const REVOCATIONS = 'subscription ($workerId: ID!) { frameRevocations(workerId: $workerId) { jobId frameNumber reason message } }';
const UPLOAD = `mutation ($jobId: ID!, $frameNumber: Int!, $file: Upload!, $renderTimeMs: Int) {
  uploadFrame(jobId: $jobId, frameNumber: $frameNumber, file: $file, renderTimeMs: $renderTimeMs) { id status }
}`;

interface Assignment {
  jobId: string;
  frameNumber: number;
  frame: { id: string; attempts: number };
}

export interface SimStats {
  assignments: number;
  uploads: number;
  uploadErrors: number;
  /** Uploads whose connection failed even after fetchRetrying's tries; sent again. */
  uploadNetworkFailures: number;
  heartbeats: number;
  heartbeatErrors: number;
  revocations: number;
  subscriptionErrors: number;
  errors: string[];
}

export function newStats(): SimStats {
  return { assignments: 0, uploads: 0, uploadErrors: 0, uploadNetworkFailures: 0, heartbeats: 0, heartbeatErrors: 0, revocations: 0, subscriptionErrors: 0, errors: [] };
}

const FRAME_BYTES = Buffer.from('fake frame\n');

export class SimWorker {
  id = '';
  private token = '';
  private ws: WsClient | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private uploads: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly url: string,
    readonly name: string,
    private readonly stats: SimStats,
  ) {}

  async register(): Promise<void> {
    const data = await gql<{ registerWorker: { token: string; heartbeatIntervalSeconds: number; worker: { id: string } } }>(this.url, REGISTER, {
      name: this.name,
    });
    this.id = data.registerWorker.worker.id;
    this.token = data.registerWorker.token;
  }

  /** Heartbeats every `intervalS`, the first after a random part of it so 500 workers do not beat in step. */
  startHeartbeats(intervalS: number): void {
    const beat = () => {
      gql(this.url, HEARTBEAT, { workerId: this.id }, this.token).then(
        () => (this.stats.heartbeats += 1),
        (error: unknown) => this.fail('heartbeat', error, () => (this.stats.heartbeatErrors += 1)),
      );
    };
    this.heartbeatTimer = setTimeout(() => {
      beat();
      this.heartbeatTimer = setInterval(beat, intervalS * 1000);
    }, Math.random() * intervalS * 1000);
  }

  /** Opens the graphql-ws connection and both subscriptions; resolves once the server acknowledged the connection. */
  async subscribe(): Promise<void> {
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    this.ws = createClient({
      url: `${this.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${this.token}` },
      lazy: false,
      retryAttempts: 0,
      on: { connected: () => connected() },
    });
    const sink = (what: string, onData: (data: Record<string, unknown>) => void) => ({
      next: (result: { data?: Record<string, unknown> | null; errors?: readonly { message: string }[] }) => {
        if (result.errors?.length) this.fail(what, new Error(result.errors.map((e) => e.message).join('; ')), () => (this.stats.subscriptionErrors += 1));
        else if (result.data) onData(result.data);
      },
      error: (error: unknown) => this.fail(what, error, () => (this.stats.subscriptionErrors += 1)),
      complete: () => undefined,
    });
    this.ws.subscribe(
      { query: ASSIGNMENTS, variables: { workerId: this.id } },
      sink('assignments', (data) => this.take(data.assignments as Assignment)),
    );
    this.ws.subscribe(
      { query: REVOCATIONS, variables: { workerId: this.id } },
      sink('frameRevocations', () => (this.stats.revocations += 1)),
    );
    await ready;
  }

  private take(a: Assignment): void {
    this.stats.assignments += 1;
    // A real worker renders one frame at a time and uploads one at a time: so does this one.
    this.uploads = this.uploads.then(() => this.upload(a));
  }

  /** Like a real worker, tries again while the server cannot be reached; a refusal is final. */
  private async upload(a: Assignment): Promise<void> {
    const name = `${String(a.frameNumber).padStart(4, '0')}.png`;
    for (let attempt = 0; !this.closed; attempt += 1) {
      try {
        await gqlUpload(this.url, UPLOAD, { jobId: a.jobId, frameNumber: a.frameNumber, file: null, renderTimeMs: 1 }, 'variables.file', new Blob([FRAME_BYTES]), name, this.token);
        this.stats.uploads += 1;
        return;
      } catch (error) {
        if (!isNetworkError(error)) {
          this.fail(`upload of frame ${a.frameNumber}`, error, () => (this.stats.uploadErrors += 1));
          return;
        }
        this.stats.uploadNetworkFailures += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  private fail(what: string, error: unknown, count: () => void): void {
    count();
    if (this.stats.errors.length < 20) this.stats.errors.push(`${this.name} ${what}: ${(error as Error)?.message ?? String(error)}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    // An upload stuck on a server that no longer answers must not hold the benchmark up.
    await Promise.race([this.uploads, new Promise((resolve) => setTimeout(resolve, 2000))]);
    await Promise.resolve(this.ws?.dispose()).catch(() => undefined);
  }
}
