import type { AnyVariables, CombinedError, TypedDocumentNode } from '@urql/core';

/** The server's answer to one operation, or one result of a subscription. */
export interface ServerAnswer<Data> {
  data?: Data | undefined;
  error?: CombinedError | undefined;
}

/** A subscription the agent listens to: results until it unsubscribes or an error ends it. */
export interface SubscriptionSource<Data> {
  subscribe(onResult: (result: ServerAnswer<Data>) => void): { unsubscribe(): void };
}

/**
 * The few things a worker agent asks of its connection to the farm server, so the agent
 * takes it as a parameter: worker/farm-client.ts builds the real one over HTTP and
 * graphql-ws, the unit tests a fake that answers from a script.
 */
export interface AgentClient {
  query<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<ServerAnswer<Data>>;
  mutation<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<ServerAnswer<Data>>;
  subscription<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): SubscriptionSource<Data>;
  /**
   * The worker's token from now on (null: none, while it registers). A new token reopens the
   * subscriptions' connection, since graphql-ws authenticates a connection once, when it opens.
   */
  authenticate(token: string | null): void;
  close(): Promise<void>;
}

/** A failure to reach the server, as opposed to the server refusing the request. */
export function isNetworkError(error: CombinedError): boolean {
  return Boolean(error.networkError) && error.graphQLErrors.length === 0;
}

/** The error as a worker's log line says it. */
export function describe(error: CombinedError | Error): string {
  const network = 'networkError' in error ? error.networkError : undefined;
  if (network) {
    const cause = (network as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code === 'ECONNREFUSED' ? 'connection refused' : (cause?.message ?? network.message);
  }
  if ('graphQLErrors' in error && error.graphQLErrors.length) return error.graphQLErrors.map((e) => e.message).join('; ');
  return error.message;
}

/** The server's `extensions.code` for the refusal (UNAUTHENTICATED, CONFLICT, NOT_FOUND …). */
export function errorCode(error: CombinedError): string | undefined {
  return error.graphQLErrors[0]?.extensions?.code as string | undefined;
}
