import type { Viewer } from '../auth/viewer.js';

/** A key viewer: what an API key resolves to (its kind, its account's country and API version). */
export type KeyViewer = Extract<Viewer, { kind: 'catalogKey' | 'accountKey' | 'moduleKey' }>;

/**
 * How long a key is trusted without reading it again when nothing moved the generation: the bound
 * on a change made outside the event log (a key revoked or an account edited by hand in SQL).
 */
export const API_KEY_TTL_MS = 10_000;

/**
 * API keys resolved recently (SHA-256 of the secret → the key's viewer), so a catalog read with a
 * key is answered from the response cache without a statement. An entry holds only while the
 * response store's generation (cache/response-store.ts) is the one it was read under: every
 * committed change that can alter a public read moves it — on every instance, before the writer
 * answers — and any event type not known to be private counts, so a key or account change
 * recorded in the log (a revocation) drops every entry at once everywhere. Changes made outside
 * the log are seen after `API_KEY_TTL_MS`. Refused keys are never kept: a new key works at once,
 * and unknown secrets cannot fill memory.
 */
export class ApiKeyCache {
  readonly #entries = new Map<string, { viewer: KeyViewer; generation: string; expires: number }>();

  constructor(
    /** The response store's generation now; null while it is unknown (nothing is then kept). */
    private readonly generation: () => Promise<string | null> | string | null,
    private readonly ttlMs = API_KEY_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** The viewer of the key with this hash, from memory or from `load` (null: refused). */
  async resolve(hash: string, load: () => Promise<KeyViewer | null>): Promise<KeyViewer | null> {
    // Read before the database, as the response cache does: a change racing the load moves the
    // generation past the one the entry is stored under.
    const generation = await this.generation();
    if (generation === null) return load();
    const entry = this.#entries.get(hash);
    if (entry && entry.generation === generation && entry.expires > Date.now()) return entry.viewer;
    this.#entries.delete(hash);
    const viewer = await load();
    if (viewer) {
      // Oldest first out: a Map iterates in insertion order.
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(hash, { viewer, generation, expires: Date.now() + this.ttlMs });
    }
    return viewer;
  }
}
