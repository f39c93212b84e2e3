import { Repeater } from 'graphql-yoga';

/**
 * A stream that first yields a snapshot, then every value of `source`. The source is
 * started before the snapshot is read, so no change between the two is missed (at
 * worst one is seen twice). Built on a Repeater so that a client unsubscribing ends
 * `source` at once, even while it waits.
 */
export function snapshotThen<T, S>(
  snapshot: () => Promise<T>,
  source: AsyncIterableIterator<S>,
  toValue: (event: S) => Promise<T | null> | T | null,
  /** The stream completes at this stream's first event (e.g. its job was deleted). */
  endWhen?: AsyncIterableIterator<unknown>,
): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    void stop.then(() => {
      void source.return?.();
      void endWhen?.return?.();
    });
    void endWhen?.next().then(() => stop());
    try {
      let next = source.next();
      await push(await snapshot());
      for (let event = await next; !event.done; event = await next) {
        next = source.next();
        const value = await toValue(event.value);
        if (value !== null) await push(value);
      }
    } catch (error) {
      stop(error);
    }
    stop();
  });
}
