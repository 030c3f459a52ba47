import { describe, expect, it } from 'vitest';
import { addUnseen, type UnseenGroup } from '../../web/src/lib/unseen.js';

const rita = { id: 'u1', name: 'Rita Reyes' };
const ivan = { id: 'u2', name: 'Ivan Ilyin' };

function replay(events: { cursor: string; type: string; actor: typeof rita }[]): UnseenGroup[] {
  let groups: UnseenGroup[] = [];
  for (const event of events) groups = addUnseen(groups, event);
  return groups;
}

describe('addUnseen', () => {
  it('should keep "requested changes" when a comment follows it, newest first', () => {
    const groups = replay([
      { cursor: '1', type: 'version.changes_requested', actor: rita },
      { cursor: '2', type: 'thread.comment_posted', actor: rita },
    ]);
    expect(groups.map((g) => g.type)).toEqual(['thread.comment_posted', 'version.changes_requested']);
  });
  it('should count repeats of the same person doing the same thing and move them to the top', () => {
    const groups = replay([
      { cursor: '1', type: 'thread.comment_posted', actor: rita },
      { cursor: '2', type: 'version.claimed', actor: ivan },
      { cursor: '3', type: 'thread.comment_posted', actor: rita },
    ]);
    expect(groups.map((g) => [g.actorName, g.type, g.cursors.length])).toEqual([
      ['Rita Reyes', 'thread.comment_posted', 2],
      ['Ivan Ilyin', 'version.claimed', 1],
    ]);
  });
  it('should tell different people apart', () => {
    const groups = replay([
      { cursor: '1', type: 'thread.comment_posted', actor: rita },
      { cursor: '2', type: 'thread.comment_posted', actor: ivan },
    ]);
    expect(groups).toHaveLength(2);
  });
  it('should ignore an event replayed after a reconnect', () => {
    const groups = replay([
      { cursor: '1', type: 'thread.comment_posted', actor: rita },
      { cursor: '1', type: 'thread.comment_posted', actor: rita },
    ]);
    expect(groups).toEqual([{ key: 'u1|thread.comment_posted', actorName: 'Rita Reyes', type: 'thread.comment_posted', cursors: ['1'] }]);
  });
});
