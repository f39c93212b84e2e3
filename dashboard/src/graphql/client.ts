import type { Client } from '@urql/core';
import { backoffMs, createFarmClient } from '../../../common/client.ts';

/**
 * connecting: no socket yet since the page opened; connected: live; reconnecting: the
 * socket dropped (server restarted, network gone) and is being opened again.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface Connection {
  state: ConnectionState;
  /**
   * Goes up by one each time the socket comes back after a drop. Whatever the page shows
   * may have changed meanwhile without an event reaching it: pages refetch when it moves.
   */
  epoch: number;
}

export interface DashboardClient {
  client: Client;
  /** For useSyncExternalStore: the connection's state, and a way to hear when it changes. */
  connection: {
    get(): Connection;
    subscribe(listener: () => void): () => void;
  };
  dispose(): void;
}

/**
 * The browser's side of the farm's one client factory (common/client.ts): queries and
 * mutations over HTTP, subscriptions over graphql-ws on the same /graphql path (ws: or
 * wss: as the page was loaded), retrying without end. graphql-ws subscribes the open
 * subscriptions again by itself once the socket is back; `connection.epoch` tells the
 * pages to refetch their queries too.
 */
export function createDashboardClient(pageUrl: string = window.location.href): DashboardClient {
  let connection: Connection = { state: 'connecting', epoch: 0 };
  let everConnected = false;
  const listeners = new Set<() => void>();
  const update = (next: Connection) => {
    if (next.state === connection.state && next.epoch === connection.epoch) return;
    connection = next;
    for (const listener of listeners) listener();
  };

  const farm = createFarmClient({
    serverUrl: new URL(pageUrl).origin,
    webSocketImpl: WebSocket,
    // Open at once and stay open, subscriptions or not: the banner then tells the truth on every page.
    eager: true,
    requestPolicy: 'cache-and-network',
    // Up to 8 s, not a worker's 15: someone is looking at the page.
    retryDelayMs: (attempt) => backoffMs(attempt, 8_000),
    onSocketConnected: () => {
      update({ state: 'connected', epoch: everConnected ? connection.epoch + 1 : connection.epoch });
      everConnected = true;
    },
    onSocketClosed: () => update({ ...connection, state: everConnected ? 'reconnecting' : 'connecting' }),
  });

  return {
    client: farm.client,
    connection: {
      get: () => connection,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    dispose: () => void farm.close(),
  };
}
