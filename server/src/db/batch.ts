/**
 * Loads keys in batches: every `load(key)` made within `windowMs` of the first one shares one call
 * of `loadMany`. With no window the batch is one turn of the event loop, flushed with
 * `setImmediate` so that calls made from different sockets' messages (separate I/O callbacks of
 * the same turn) share it — a `process.nextTick` flush would batch only the calls of one message.
 * A few milliseconds of window batch a reconnect storm far better (measured: 5,000 clients
 * connecting and subscribing took 6.5 s with per-turn batches and 3.2 s with 10 ms ones, on an idle
 * machine; each statement costs a Prisma query compilation). Nothing is cached: each batch reads
 * afresh, so a check made through it (an ended session) is as current as a direct read.
 */
export function batchWithin<K, V>(windowMs: number, loadMany: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
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
        const run = () => {
          waiting = undefined;
          void flush(batch);
        };
        if (windowMs > 0) setTimeout(run, windowMs);
        else setImmediate(run);
      }
      let callers = waiting.get(key);
      if (!callers) waiting.set(key, (callers = []));
      callers.push({ resolve, reject });
    });
}

/**
 * Loads keys in batches that follow the load instead of a clock: a `load(key)` made while no batch
 * is being read is flushed at the end of the current turn of the event loop (`setImmediate`, so the
 * calls of every socket message of that turn share it); calls made while `maxInFlight` batches are
 * being read wait, together, for one to finish and are then read in one statement. So a lone
 * caller waits one query, not a window, and a storm still sends few statements: each batch holds
 * everything that arrived while the previous one was read, and batches grow with the load.
 *
 * Measured (test/bench/live RESULTS, Stop 18): fixed 10 ms windows put 10 ms on every step of a
 * connection's set-up (its ack waits for one, its subscription for two more), which made most of
 * the gap between the raw server's and Vetline's connect time on a quiet machine.
 *
 * Nothing is cached, as with {@link batchWithin}: every caller's key is read by a statement that
 * started after the call, so a check made through it (an ended session) is as current as a direct read.
 */
export function batchWhileBusy<K, V>(loadMany: (keys: K[]) => Promise<Map<K, V>>, maxInFlight = 1): (key: K) => Promise<V | undefined> {
  type Callers = Map<K, { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]>;
  let waiting: Callers | undefined;
  let scheduled = false;
  let inFlight = 0;
  const schedule = () => {
    if (scheduled || !waiting || inFlight >= maxInFlight) return;
    scheduled = true;
    setImmediate(launch);
  };
  const launch = () => {
    scheduled = false;
    const batch = waiting;
    if (!batch || inFlight >= maxInFlight) return;
    waiting = undefined;
    inFlight++;
    void loadMany([...batch.keys()]).then(
      (values) => {
        for (const [key, callers] of batch) for (const caller of callers) caller.resolve(values.get(key));
      },
      (error: unknown) => {
        for (const callers of batch.values()) for (const caller of callers) caller.reject(error);
      },
    ).finally(() => {
      inFlight--;
      schedule();
    });
  };
  return (key) =>
    new Promise((resolve, reject) => {
      waiting ??= new Map();
      let callers = waiting.get(key);
      if (!callers) waiting.set(key, (callers = []));
      callers.push({ resolve, reject });
      schedule();
    });
}
