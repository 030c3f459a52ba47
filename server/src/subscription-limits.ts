import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/** How many subscriptions one WebSocket connection, and one user across every transport, may hold. */
export const SUBSCRIPTION_LIMITS = {
  /** Subscriptions one graphql-ws connection may hold; the next one is refused alone. */
  perConnection: 25,
  /** Subscriptions one user may hold on this instance, over WebSocket and SSE together. */
  perUser: 100,
} as const;

/** The error code of a subscription refused because a budget is spent. */
export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';

/** A held slot; releasing it twice is harmless. */
export interface Lease {
  release(): void;
}

/**
 * One budget of live subscriptions for every transport: graphql-ws operations count per connection
 * and per user, server-sent-event streams per user. A refusal is a `GraphQLError` for that one
 * operation; nothing here closes a socket.
 */
export class SubscriptionLimits {
  private readonly perUser = new Map<string, number>();
  /** Each connection's held slots, by operation id. */
  private readonly connections = new WeakMap<object, Map<string, Lease>>();

  constructor(private readonly limits: { perConnection: number; perUser: number } = SUBSCRIPTION_LIMITS) {}

  /** Subscriptions `user` holds now, on every transport of this instance. */
  heldBy(user: string): number {
    return this.perUser.get(user) ?? 0;
  }

  /**
   * A slot for the subscription `id` on a graphql-ws `connection`, or the error refusing it. Call
   * it synchronously before any await, so operations sent in one burst are counted exactly.
   */
  acquireOnConnection(connection: object, id: string, user: string | undefined): GraphQLError | undefined {
    let held = this.connections.get(connection);
    if (!held) this.connections.set(connection, (held = new Map()));
    if (held.has(id)) return undefined;
    if (held.size >= this.limits.perConnection) {
      return refusal(`This connection already holds ${this.limits.perConnection} subscriptions; complete one before starting another`);
    }
    const lease = this.acquire(user);
    if (lease instanceof GraphQLError) return lease;
    held.set(id, {
      release: () => {
        if (held.delete(id)) lease.release();
      },
    });
    return undefined;
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
  acquire(user: string | undefined): Lease | GraphQLError {
    if (!user) return { release: () => {} };
    const count = this.heldBy(user);
    if (count >= this.limits.perUser) {
      return refusal(`You already hold ${this.limits.perUser} subscriptions; close some before starting another`);
    }
    this.perUser.set(user, count + 1);
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        const left = this.heldBy(user) - 1;
        if (left > 0) this.perUser.set(user, left);
        else this.perUser.delete(user);
      },
    };
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
    onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      if (!context.request) return undefined;
      const lease = limits.acquire(context.viewer.kind === 'user' ? context.viewer.id : undefined);
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
