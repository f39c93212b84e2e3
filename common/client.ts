import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { type Client as WsClient, createClient as createWsClient } from 'graphql-ws';
// In a browser bundle this is ws's stub, never called: the page passes its own WebSocket.
import WebSocket from 'ws';

export interface FarmClientOptions {
  /** The server's base URL, e.g. http://render-server:8000 */
  serverUrl: string;
  /** The worker token, read on every request and (re)connection; null for anonymous clients. */
  token?: () => string | null;
  /** Called with each failed graphql-ws connection attempt, for clear log lines. */
  onSocketRetry?: (attempt: number, delayMs: number) => void;
  onSocketConnected?: () => void;
  /** Called when an open socket closes (the server went away); reconnection follows. */
  onSocketClosed?: () => void;
  /** How long to wait between graphql-ws reconnection attempts, from the attempt number. */
  retryDelayMs?: (attempt: number) => number;
  /** Open the socket at once and keep it open, subscriptions or not (default: only while subscribed). */
  eager?: boolean;
  /** urql's request policy; default network-only (workers and scripts want the server's answer). */
  requestPolicy?: 'network-only' | 'cache-and-network' | 'cache-first';
  /** The WebSocket class: a browser's own; in Node (which has none before v22) the `ws` package's. */
  webSocketImpl?: unknown;
}

export interface FarmClient {
  client: Client;
  ws: WsClient;
  graphqlUrl: string;
  close(): Promise<void>;
}

/** 0.5 s, 1 s, 2 s … up to 15 s, with jitter so a farm's workers do not reconnect in step. */
export function backoffMs(attempt: number, maxMs = 15_000): number {
  const base = Math.min(maxMs, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * The one urql client setup every client of the farm uses: queries and mutations
 * (with file uploads, as GraphQL multipart requests) over HTTP, subscriptions over
 * graphql-ws on the same path, reconnecting without end when the server goes away.
 */
export function createFarmClient(options: FarmClientOptions): FarmClient {
  const graphqlUrl = `${options.serverUrl.replace(/\/+$/, '')}/graphql`;
  const authHeaders = (): Record<string, string> => {
    const token = options.token?.();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const retryDelay = options.retryDelayMs ?? backoffMs;
  // Cuts a reconnection wait short when the client is closed, so closing takes no 15 s.
  const closing = new AbortController();
  const ws = createWsClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: options.webSocketImpl ?? WebSocket,
    connectionParams: () => {
      const token = options.token?.();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
    lazy: !options.eager,
    // An eager client reports a connection it cannot open here; it retries regardless.
    onNonLazyError: () => undefined,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (attempt) => {
      const delay = retryDelay(attempt);
      options.onSocketRetry?.(attempt, delay);
      await sleep(delay, closing.signal);
    },
    on: { connected: () => options.onSocketConnected?.(), closed: () => options.onSocketClosed?.() },
  });
  const client = new Client({
    url: graphqlUrl,
    requestPolicy: options.requestPolicy ?? 'network-only',
    fetchOptions: () => ({ headers: authHeaders() }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    ws,
    graphqlUrl,
    close: async () => {
      closing.abort();
      // Closed while reconnecting to a server that is gone, dispose rejects with the close
      // event ("All Subscriptions Gone"): there is no socket left to close then.
      await Promise.resolve(ws.dispose()).catch(() => undefined);
    },
  };
}
