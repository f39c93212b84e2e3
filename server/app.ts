import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { getOperationAST } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { processRequest } from 'graphql-upload-minimal';
import type { ServerConfig } from './config.ts';
import type { FarmBase, FarmContext, FarmServices } from './context.ts';
import { openDatabase } from './db.ts';
import { createLogger, type Logger } from './logger.ts';
import { createFarmPubSub } from './pubsub.ts';
import { schema } from './schema/index.ts';
import { tokenFromAuthorization } from './auth.ts';
import { type Clock, systemClock } from './clock.ts';
import { Assignments } from './scheduler/assignments.ts';
import { Blocklist } from './scheduler/blocklist.ts';
import { Dispatcher } from './scheduler/dispatcher.ts';
import { FrameEvents } from './scheduler/frame-events.ts';
import { FrameTransitions } from './scheduler/frame-transitions.ts';
import { JobControl } from './scheduler/job-control.ts';
import { JobTransitions } from './scheduler/job-transitions.ts';
import { ProgressTracker } from './scheduler/progress-tracker.ts';
import { TimeoutChecker } from './scheduler/timeout-checker.ts';
import { WorkerLeases } from './scheduler/worker-leases.ts';
import { WorkerSightings } from './scheduler/worker-sightings.ts';
import { WorkerStatusWrites } from './scheduler/worker-status.ts';
import { ContentStore } from './storage/contents.ts';
import { FarmStorage } from './storage/files.ts';
import { serveFile } from './http/files.ts';
import { serveOutput } from './http/outputs.ts';
import { serveDashboard } from './http/dashboard.ts';
import { FfmpegRunner } from './media/ffmpeg.ts';

export const GRAPHQL_PATH = '/graphql';
/** A multipart request's operations: room for a manifest of MAX_PROJECT_FILES files (server/jobs/project-manifest.ts). */
const MAX_OPERATIONS_BYTES = 64 * 1024 * 1024;

export interface FarmApp {
  services: FarmServices;
  /** The lease checker: tests that move the clock run a pass when they need one. */
  timeouts: TimeoutChecker;
  /** Listens on config.port/host; resolves with the URL a client on this machine can use. */
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/** With LOG_LEVEL=debug, one line per GraphQL operation. */
function logOperations(log: Logger): Plugin {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      log.debug({ operation: operation?.name?.value ?? null, type: operation?.operation }, 'graphql operation');
    },
    onSubscribe({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      log.debug({ operation: operation?.name?.value ?? null, type: 'subscription' }, 'graphql operation');
    },
  };
}

interface InitialContext {
  request?: Request;
  req?: http.IncomingMessage;
  connectionParams?: Readonly<Record<string, unknown>>;
}

export interface BuildAppOptions {
  /** What time it is for every service (leases, heartbeats, timestamps); tests pass one they move by hand. */
  clock?: Clock;
}

/** The scheduler's services, each given the few others it needs. */
function schedulerServices(base: FarmBase): FarmServices {
  const jobs = new JobTransitions(base);
  const blocklist = new Blocklist(base);
  const workers = new WorkerStatusWrites(base);
  const events = new FrameEvents({ ...base, jobs, workers });
  const frames = new FrameTransitions({ ...base, jobs, blocklist, events });
  const leases = new WorkerLeases({ ...base, frames, workers });
  const assignments = new Assignments({ ...base, frames, jobs, workers });
  const control = new JobControl({ ...base, jobs, frames, blocklist, workers });
  return { ...base, frames, leases, assignments, control };
}

export async function buildApp(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
  options: BuildAppOptions = {},
): Promise<FarmApp> {
  const clock = options.clock ?? systemClock;
  const storage = new FarmStorage(config.dataDir);
  await storage.prepare();
  const db = await openDatabase(storage.dbFile, (msg) => log.info(msg));
  const contents = new ContentStore({ db, storage, clock, log, config });
  const services = schedulerServices({
    db,
    config,
    log,
    clock,
    storage,
    contents,
    pubsub: createFarmPubSub(),
    dispatcher: new Dispatcher(),
    progress: new ProgressTracker(),
    sightings: new WorkerSightings(clock),
  });
  const timeouts = new TimeoutChecker(services, {
    workerTimeoutS: config.workerTimeoutS,
    startedAt: clock(),
    // A lost worker is found within a second of its timeout, or a quarter of a short one.
    intervalMs: Math.min(1000, (config.workerTimeoutS * 1000) / 4),
  });

  // Two at a time: thumbnails and preview videos must not take the cores the API needs.
  const ffmpeg = new FfmpegRunner(config.ffmpegPath, { maxProcesses: 2 });
  // Preview videos take seconds to minutes: a line of their own, so thumbnails never wait behind them.
  const ffmpegVideo = new FfmpegRunner(config.ffmpegPath, { maxProcesses: 1 });

  const contextFor = (initial: InitialContext): FarmContext => {
    const params = initial.connectionParams;
    const authToken =
      tokenFromAuthorization(initial.request?.headers.get('authorization')) ??
      tokenFromAuthorization(initial.req?.headers.authorization) ??
      tokenFromAuthorization(params?.Authorization ?? params?.authorization ?? params?.token);
    const host = initial.req?.headers.host ?? (initial.request ? new URL(initial.request.url).host : 'localhost');
    return { ...services, authToken, baseUrl: config.publicUrl ?? `http://${host}` };
  };

  const yoga = createYoga<InitialContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: (initial) => contextFor(initial),
    // Uploads are parsed by graphql-upload-minimal before Yoga sees the request: it
    // streams files, where Yoga's own multipart parser holds them in memory.
    multipart: false,
    graphiql: { subscriptionsProtocol: 'WS', title: 'Blender render farm' },
    // The bundled GraphiQL: render farms often have no internet to fetch it from a CDN.
    renderGraphiQL,
    landingPage: false,
    plugins: [logOperations(log)],
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
  });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal server error\n');
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (await serveOutput({ db, storage, log, ffmpeg, ffmpegVideo }, req, res)) return;
    if (await serveFile(storage, req, res)) return;
    const pathname = new URL(req.url ?? '/', 'http://farm').pathname;
    if (pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (await serveDashboard(config.dashboardDir, req, res)) return;
    if (pathname === '/') {
      res.writeHead(302, { location: GRAPHQL_PATH }).end();
      return;
    }
    if (pathname === GRAPHQL_PATH && req.method === 'POST' && req.headers['content-type']?.startsWith('multipart/form-data')) {
      try {
        // No maxFileSize: the size limit is enforced by receiveFile (storage/files.ts), which names
        // the field. graphql-upload-minimal's own limit unpipes the file stream it handed out, so
        // the resolver's pipeline never ended: the request hung and left its file in incoming/.
        // maxFieldSize: the operations field carries a submission's manifest, ~130 bytes a
        // file, so graphql-upload-minimal's 1 MB default refused projects of ~8,000 files.
        const body = await processRequest(req, res, { maxFiles: 1, maxFieldSize: MAX_OPERATIONS_BYTES });
        (req as http.IncomingMessage & { body?: unknown }).body = body;
        // A resolver may answer without reading the file (bad fields, no token, too large): read
        // and drop the rest of the body, or the next request on this keep-alive connection waits
        // behind it until the connection is reset.
        res.once('finish', () => {
          if (req.readableEnded) return;
          req.unpipe();
          req.resume();
        });
      } catch (error) {
        const status = (error as { status?: number }).status ?? 400;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: `Invalid multipart request: ${(error as Error).message}` }] }));
        return;
      }
      // Yoga would otherwise hold the parsed body to the multipart length and refuse it (413).
      delete req.headers['content-length'];
    }
    await yoga.requestListener(req, res);
  }

  // graphql-ws runs each operation through Yoga's envelop, so both transports share plugins and context.
  type Enveloped = ReturnType<typeof yoga.getEnveloped>;
  const wsServer = new WebSocketServer({ server, path: GRAPHQL_PATH });
  useServer<Record<string, unknown>, { request: http.IncomingMessage }>(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const args = {
          schema: envelopedSchema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wsServer,
  );

  let started = false;
  return {
    services,
    timeouts,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      started = true;
      timeouts.start();
      contents.start();
      const { port } = server.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      const dashboard = fs.existsSync(path.join(config.dashboardDir, 'index.html')) ? { dashboard: `${url}/` } : {};
      log.info({ url: `${url}${GRAPHQL_PATH}`, dataDir: config.dataDir, ...dashboard }, 'farm server listening');
      return { url, port };
    },
    async stop() {
      await timeouts.stop();
      await contents.stop();
      ffmpeg.stop();
      ffmpegVideo.stop();
      for (const client of wsServer.clients) client.close(1001, 'server stopping');
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      if (started) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      }
      await db.$disconnect();
      log.info('farm server stopped');
    },
  };
}
