import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type AnyVariables, type DocumentInput, useClient, useQuery, type UseQueryArgs } from 'urql';
import type { Connection, DashboardClient } from './client.ts';

export const ConnectionContext = createContext<DashboardClient['connection'] | null>(null);

const NEVER_CONNECTED: Connection = { state: 'connecting', epoch: 0 };
const noSubscription = () => () => undefined;

/** The socket's state, re-rendering the caller when it changes. */
export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  return useSyncExternalStore(connection?.subscribe ?? noSubscription, connection?.get ?? (() => NEVER_CONNECTED));
}

/**
 * useQuery that catches up by itself: it fetches again whenever the socket comes back
 * after a drop (events sent while it was down are lost), and hands out a refetch that
 * bypasses the cache, for callers that hear of a change through a subscription.
 */
export function useLiveQuery<Data, Variables extends AnyVariables>(args: UseQueryArgs<Variables, Data>) {
  const [result, reexecute] = useQuery<Data, Variables>(args);
  const reexecuteRef = useRef(reexecute);
  useEffect(() => {
    reexecuteRef.current = reexecute;
  }, [reexecute]);
  const refetch = useCallback(() => reexecuteRef.current({ requestPolicy: 'network-only' }), []);

  const { epoch } = useConnection();
  const seenEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch === seenEpoch.current) return;
    seenEpoch.current = epoch;
    refetch();
  }, [epoch, refetch]);
  return [result, refetch] as const;
}

/**
 * Calls `onEvent` with every result of a subscription, one call per event: a reducer over
 * useSubscription's state would see only the last of several events React renders at once.
 * graphql-ws subscribes again by itself after a reconnection.
 */
export function useEvents<Data, Variables extends AnyVariables>(
  query: DocumentInput<Data, Variables>,
  variables: Variables,
  onEvent: (data: Data) => void,
  { pause = false } = {},
): void {
  const client = useClient();
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);
  const variablesKey = JSON.stringify(variables);
  useEffect(() => {
    if (pause) return;
    const parsed = JSON.parse(variablesKey) as Variables;
    const { unsubscribe } = client.subscription(query, parsed).subscribe((result) => {
      if (result.data) onEventRef.current(result.data);
    });
    return unsubscribe;
  }, [client, query, variablesKey, pause]);
}

/**
 * `fn` at most once per `ms`: the first call runs at once, calls within the window fold into
 * one at its end. Subscriptions fire per frame (dozens a second on a fast farm); a refetch
 * per event would be a query per frame.
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  }, [fn]);
  const timing = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | undefined }>({ last: 0, timer: undefined });
  useEffect(() => () => clearTimeout(timing.current.timer), []);
  return useCallback(() => {
    const t = timing.current;
    if (t.timer !== undefined) return;
    const wait = t.last + ms - Date.now();
    if (wait <= 0) {
      t.last = Date.now();
      fnRef.current();
      return;
    }
    t.timer = setTimeout(() => {
      t.timer = undefined;
      t.last = Date.now();
      fnRef.current();
    }, wait);
  }, [ms]);
}

/** The current time, refreshed every `ms`: for countdowns and "5 s ago" between events. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** When a value (a query's data) last changed identity, as Date.now(). */
export function useArrivedAt(value: unknown): number {
  return useMemo(() => Date.now(), [value]);
}

const NO_VALUES: ReadonlyMap<unknown, unknown> = new Map<unknown, unknown>();

/**
 * The latest value per key from a stream of events (frame id → its progress), applied in
 * batches: many events a second would otherwise be a render and a copy of the map each.
 * `put(key, undefined)` forgets a key, so the map holds only what the page still shows.
 * Everything is dropped when `scope` changes (a reconnection, or a refetch after which the
 * query's answer is the truth).
 */
export function useLatestByKey<K, V>(scope: string, flushMs = 50): [ReadonlyMap<K, V>, (key: K, value: V | undefined) => void] {
  const [state, setState] = useState<{ scope: string; values: ReadonlyMap<K, V> }>({ scope, values: new Map() });
  const pending = useRef<{ scope: string; values: Map<K, V | undefined> }>({ scope, values: new Map() });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const put = useCallback(
    (key: K, value: V | undefined) => {
      if (pending.current.scope !== scope) pending.current = { scope, values: new Map() };
      pending.current.values.set(key, value);
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        const batch = pending.current;
        pending.current = { scope: batch.scope, values: new Map() };
        setState((current) => {
          const values = new Map(current.scope === batch.scope ? current.values : []);
          for (const [k, v] of batch.values) {
            if (v === undefined) values.delete(k);
            else values.set(k, v);
          }
          return { scope: batch.scope, values };
        });
      }, flushMs);
    },
    [scope, flushMs],
  );
  return [state.scope === scope ? state.values : (NO_VALUES as ReadonlyMap<K, V>), put];
}
