import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/** How many subscriptions one WebSocket connection, and one user across every transport, may hold. */
export const SUBSCRIPTION_LIMITS = {
  /** Subscriptions one graphql-ws connection may hold; the next one is refused alone. */
  perConnection: 25,
  /** Subscriptions one user may hold over WebSocket and SSE together: on this instance, or on all of them with Redis. */
  perUser: 100,
} as const;

/** The error code of a subscription refused because a budget is spent. */
export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';

/** A held slot; releasing it twice is harmless. */
export interface Lease {
  release(): void;
}

/**
 * Where the per-user counts live: this instance's memory, or Redis when instances share the
 * budget (see `subscription-budget.ts`). `take` answers whether `user` got a slot under `limit`.
 */
export interface UserBudget {
  take(user: string, limit: number): Promise<Lease | undefined> | Lease | undefined;
  close?(): Promise<void>;
}

/** Per-user counts of this instance alone. */
export class LocalBudget implements UserBudget {
  private readonly counts = new Map<string, number>();

  heldBy(user: string): number {
    return this.counts.get(user) ?? 0;
  }

  take(user: string, limit: number): Lease | undefined {
    const count = this.heldBy(user);
    if (count >= limit) return undefined;
    this.counts.set(user, count + 1);
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        const left = this.heldBy(user) - 1;
        if (left > 0) this.counts.set(user, left);
        else this.counts.delete(user);
      },
    };
  }
}

/**
 * One budget of live subscriptions for every transport: graphql-ws operations count per connection
 * and per user, server-sent-event streams per user. A refusal is a `GraphQLError` for that one
 * operation; nothing here closes a socket. Per-connection counts are this instance's; per-user
 * counts are the `budget`'s (shared by every instance when it is Redis).
 */
export class SubscriptionLimits {
  /** Each connection's held slots, by operation id. */
  private readonly connections = new WeakMap<object, Map<string, Lease>>();

  constructor(
    private readonly limits: { perConnection: number; perUser: number } = SUBSCRIPTION_LIMITS,
    readonly budget: UserBudget = new LocalBudget(),
  ) {}

  /**
   * A slot for the subscription `id` on a graphql-ws `connection`, or the error refusing it. The
   * connection's slot is taken synchronously, when this is called (call it before any await, so
   * operations sent in one burst are counted exactly); the user's may take a Redis round trip.
   */
  acquireOnConnection(connection: object, id: string, user: string | undefined): Promise<GraphQLError | undefined> {
    let held = this.connections.get(connection);
    if (!held) this.connections.set(connection, (held = new Map()));
    if (held.has(id)) return Promise.resolve(undefined);
    if (held.size >= this.limits.perConnection) {
      return Promise.resolve(refusal(`This connection already holds ${this.limits.perConnection} subscriptions; complete one before starting another`));
    }
    const slots = held;
    // Reserved now; released at once if the connection lets go before the user's slot arrives.
    let released = false;
    let userLease: Lease | undefined;
    slots.set(id, {
      release: () => {
        if (released) return;
        released = true;
        slots.delete(id);
        userLease?.release();
      },
    });
    return this.acquire(user).then((lease) => {
      if (lease instanceof GraphQLError) {
        if (!released) {
          released = true;
          slots.delete(id);
        }
        return lease;
      }
      if (released) lease.release();
      else userLease = lease;
      return undefined;
    });
  }

  /** Frees the slot of operation `id` on `connection`, if it holds one. */
  releaseOnConnection(connection: object, id: string): void {
    this.connections.get(connection)?.get(id)?.release();
  }

  /** Frees every slot a closing connection holds. */
  releaseConnection(connection: object): void {
    const held = this.connections.get(connection);
    for (const lease of [...(held?.values() ?? [])]) lease.release();
    this.connections.delete(connection);
  }

  /** A slot in `user`'s budget (none for viewers who are not users), or the error refusing it. */
  async acquire(user: string | undefined): Promise<Lease | GraphQLError> {
    if (!user) return { release: () => {} };
    const lease = await this.budget.take(user, this.limits.perUser);
    return lease ?? refusal(`You already hold ${this.limits.perUser} subscriptions; close some before starting another`);
  }
}

function refusal(message: string) {
  return new GraphQLError(message, { extensions: { code: TOO_MANY_SUBSCRIPTIONS } });
}

/**
 * Holds subscriptions over HTTP (server-sent events) to the user's budget: a stream takes a slot
 * when it starts and frees it when it ends, fails or the client goes away. graphql-ws operations
 * pass through here too (Yoga's enveloped subscribe) but are counted in `onSubscribe`; they carry
 * no `request`.
 */
export function useSseSubscriptionLimits(limits: SubscriptionLimits): Plugin<Context & { request?: Request }> {
  return {
    async onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      if (!context.request) return undefined;
      const lease = await limits.acquire(context.viewer.kind === 'user' ? context.viewer.id : undefined);
      if (lease instanceof GraphQLError) {
        setResultAndStopExecution({ errors: [lease] });
        return undefined;
      }
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(releasing(result, lease.release));
          else lease.release();
        },
        onSubscribeError: () => lease.release(),
      };
    },
  };
}

/**
 * `source`, releasing `release` once it ends, fails or is returned. Not an async generator: one of
 * those waits for the pending event before it honours `return()`, keeping a gone client's slot.
 */
function releasing<T>(source: AsyncIterable<T>, release: () => void): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () =>
      iterator.next().then(
        (step) => {
          if (step.done) release();
          return step;
        },
        (error: unknown) => {
          release();
          throw error;
        },
      ),
    return: (value?: unknown) => {
      release();
      return iterator.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined });
    },
    throw: (error?: unknown) => {
      release();
      return iterator.throw?.(error) ?? Promise.reject(error);
    },
  };
}
