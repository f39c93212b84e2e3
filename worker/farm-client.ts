import type { Logger } from 'pino';
import type { AgentClient } from './agent-client.ts';
import { createFarmClient } from '../common/client.ts';

/**
 * The real AgentClient: the farm's one urql client (HTTP for mutations and uploads,
 * graphql-ws for subscriptions, reconnecting without end), carrying the token the agent
 * last gave it.
 */
export function connectToFarm(serverUrl: string, log: Logger): AgentClient {
  let token: string | null = null;
  const farm = createFarmClient({
    serverUrl,
    token: () => token,
    onSocketRetry: (attempt, delay) =>
      log.warn(`lost the subscription to ${farm.graphqlUrl}; reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1})`),
    onSocketConnected: () => log.info('subscribed for frames'),
  });
  return {
    // network-only: a worker asks a job's files once, and must see the server's answer, not a cached one.
    query: (document, variables) => farm.client.query(document, variables, { requestPolicy: 'network-only' }).toPromise(),
    mutation: (document, variables) => farm.client.mutation(document, variables).toPromise(),
    subscription: (document, variables) => farm.client.subscription(document, variables),
    authenticate: (next) => {
      token = next;
      // None is open before the first registration; dropping the open one makes graphql-ws
      // connect again, with the new token, for the subscriptions still wanted.
      if (next) farm.ws.terminate();
    },
    close: () => farm.close(),
  };
}
