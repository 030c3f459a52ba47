import { builder } from './builder.js';
import { SnapshotChangeRef } from './version.js';
import type { Context } from '../context.js';
import { diffSnapshots, type SnapshotChange } from '../domain/rounds.js';
import type { RoundSnapshot } from '../domain/snapshot.js';

// An update is reviewed against what users run: the first round of an update compares with the
// version that was live when it was sent (its approved snapshot), not with nothing.

interface LiveComparison {
  /** The version string of the live version compared with. */
  liveVersion: string;
  changes: SnapshotChange[];
}

const LiveComparisonRef = builder.objectRef<LiveComparison>('LiveComparison').implement({
  description: 'What an update changes against the version that was live when it was sent: listing, manifest, permissions, checklist answers.',
  fields: (t) => ({
    liveVersion: t.exposeString('liveVersion', { description: 'The live version compared with, e.g. `1.0`.' }),
    changes: t.field({ type: [SnapshotChangeRef], resolve: (c) => c.changes }),
  }),
});

/**
 * The first round's comparison with the version live when it was sent: that version's last
 * (approved) round's snapshot against this round's. Null for a new app's first round.
 */
async function compareWithLive(
  ctx: Context,
  round: { versionId: string; submittedAt: Date; snapshot: unknown },
): Promise<LiveComparison | null> {
  const live = await ctx.prisma.appVersion.findFirst({
    where: { id: { not: round.versionId }, releasedAt: { lte: round.submittedAt }, app: { versions: { some: { id: round.versionId } } } },
    orderBy: { releasedAt: 'desc' },
    select: { version: true, rounds: { orderBy: { number: 'desc' }, take: 1, select: { snapshot: true } } },
  });
  const baseline = live?.rounds[0]?.snapshot as RoundSnapshot | undefined;
  if (!live || !baseline) return null;
  return { liveVersion: live.version, changes: diffSnapshots(baseline, round.snapshot as RoundSnapshot) };
}

builder.prismaObjectField('ReviewRound', 'changesSinceLive', (t) =>
  t.field({
    type: LiveComparisonRef,
    nullable: true,
    description: 'Only the first round of an update: what changed since the version that was live when it was sent.',
    select: { number: true, versionId: true, submittedAt: true, snapshot: true },
    resolve: (round, _args, ctx) => (round.number === 1 ? compareWithLive(ctx, round) : null),
  }),
);

builder.prismaObjectField('AppVersion', 'changesSinceLive', (t) =>
  t.field({
    type: LiveComparisonRef,
    nullable: true,
    description: 'An update’s first round compared with the version live when it was sent; null for a new app or before the first submission.',
    // Joined into the query that loads the version: the released versions of its app, each with its last round.
    select: {
      id: true,
      rounds: { where: { number: 1 }, select: { submittedAt: true, snapshot: true } },
      app: {
        select: {
          versions: {
            where: { releasedAt: { not: null } },
            orderBy: { releasedAt: 'desc' },
            select: { id: true, version: true, releasedAt: true, rounds: { orderBy: { number: 'desc' }, take: 1, select: { snapshot: true } } },
          },
        },
      },
    },
    resolve: (version) => {
      const first = version.rounds[0];
      if (!first) return null;
      const live = version.app.versions.find((v) => v.id !== version.id && v.releasedAt && v.releasedAt <= first.submittedAt);
      const baseline = live?.rounds[0]?.snapshot as RoundSnapshot | undefined;
      if (!live || !baseline) return null;
      return { liveVersion: live.version, changes: diffSnapshots(baseline, first.snapshot as unknown as RoundSnapshot) };
    },
  }),
);
