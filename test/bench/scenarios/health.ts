/**
 * `/health` while the catalog is under load: can the process answer a trivial request while
 * its database work runs? On the embedded database today, PGlite shares Vetline's event loop.
 * The reference (PGlite in its process too, as Vetline today) under the same load is the baseline.
 */
import { drain, load, summarize, type BenchRequest, type Round } from '../lib/load.js';
import type { BenchSuite } from '../lib/suite.js';
import { catalogRequest } from './requests.js';

const HEALTH: BenchRequest = { method: 'GET', path: '/health', headers: {}, body: '' };

export const healthSuite: BenchSuite = {
  name: 'health',
  databases: ['embedded'],
  async run(env, { rounds, seconds, log }) {
    const targets = [
      { name: 'Vetline', url: env.ours.url },
      { name: 'reference', url: env.reference.url },
    ];
    const results = new Map(targets.map((t) => [t.name, { health: [] as Round[], catalog: [] as Round[] }]));
    // Warm-up, as for every scenario: JIT, prepared statements, PGlite's caches.
    for (const target of targets) {
      await load(target.url, catalogRequest(20), 10, 1);
      await drain(target.url, catalogRequest(20));
    }
    for (let round = 1; round <= rounds; round++) {
      for (const target of targets) {
        const [catalog, health] = await Promise.all([
          load(target.url, catalogRequest(20), 10, seconds),
          load(target.url, HEALTH, 1, seconds),
        ]);
        await drain(target.url, catalogRequest(20));
        results.get(target.name)!.catalog.push(catalog);
        results.get(target.name)!.health.push(health);
      }
      log(`  ${env.db} health under load round ${round}/${rounds}: ${targets.map((t) => `${t.name} p99 ${results.get(t.name)!.health.at(-1)!.p99} ms`).join(', ')}`);
    }
    const ms = (values: number[]) => {
      const s = summarize(values);
      return Number.isNaN(s.median) ? 'n/a' : `${s.median} (${s.min}–${s.max})`;
    };
    return [
      {
        kind: 'table',
        title: '`/health` (1 connection) while the catalog, first 20, is loaded with 10 connections',
        header: ['server', '/health p50 ms (spread)', '/health p99 ms (spread)', '/health req/s', 'catalog req/s meanwhile'],
        rows: targets.map((t) => {
          const r = results.get(t.name)!;
          return [
            t.name,
            ms(r.health.map((x) => x.p50)),
            ms(r.health.map((x) => x.p99)),
            summarize(r.health.map((x) => x.rps)).median.toFixed(0),
            summarize(r.catalog.map((x) => x.rps)).median.toFixed(0),
          ];
        }),
      },
    ];
  },
};
