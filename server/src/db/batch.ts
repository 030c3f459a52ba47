/**
 * Loads keys in batches: every `load(key)` made during one turn of the event loop shares one
 * call of `loadMany`, flushed with `setImmediate` so that calls made from different sockets'
 * messages (separate I/O callbacks of the same turn) share it too — a `process.nextTick` flush
 * would batch only the calls of one message. Nothing is cached: each batch reads afresh, so a
 * check made through it (an ended session) is as current as a direct read.
 */
export function batchPerTurn<K, V>(loadMany: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let waiting: Map<K, { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]> | undefined;
  const flush = async (batch: NonNullable<typeof waiting>) => {
    try {
      const values = await loadMany([...batch.keys()]);
      for (const [key, callers] of batch) for (const caller of callers) caller.resolve(values.get(key));
    } catch (error) {
      for (const callers of batch.values()) for (const caller of callers) caller.reject(error);
    }
  };
  return (key) =>
    new Promise((resolve, reject) => {
      if (!waiting) {
        const batch = (waiting = new Map());
        setImmediate(() => {
          waiting = undefined;
          void flush(batch);
        });
      }
      let callers = waiting.get(key);
      if (!callers) waiting.set(key, (callers = []));
      callers.push({ resolve, reject });
    });
}
