import { describe, expect, it } from 'vitest';
import { createMemoryResponseStore, responseKey } from '../server/src/cache/response-store.js';

// The in-process store of public answers: bounded by the bytes it holds, not by their count.

const json = (size: number, fill = 'x') => JSON.stringify({ data: fill.repeat(size - 12) });

describe('the in-memory response store', () => {
  it('should keep answers up to its size in bytes and drop the least recently read first', () => {
    const store = createMemoryResponseStore(1_000);
    const key = (name: string) => responseKey('0', name);
    // Four answers of 240 bytes fill 960 of the 1,000.
    for (const name of ['a', 'b', 'c', 'd']) store.set(key(name), json(240, name), 60_000);
    // Reading `a` makes `b` the oldest: the next answer pushes `b` out, not `a`.
    expect(store.get(key('a'))).toBe(json(240, 'a'));
    store.set(key('e'), json(240, 'e'), 60_000);
    expect(store.get(key('b'))).toBeNull();
    for (const name of ['a', 'c', 'd', 'e']) expect(store.get(key(name))).toBe(json(240, name));
  });

  it('should count bytes, not characters, and not keep an answer larger than a quarter of it', () => {
    const store = createMemoryResponseStore(1_000);
    const key = (name: string) => responseKey('0', name);
    // 200 characters of two bytes each: 412 bytes, over a quarter of 1,000.
    store.set(key('wide'), json(212, 'é'), 60_000);
    expect(store.get(key('wide'))).toBeNull();
    store.set(key('narrow'), json(212, 'e'), 60_000);
    expect(store.get(key('narrow'))).toBe(json(212, 'e'));
  });

  it('should hold a hundred distinct large answers within its bound', () => {
    const store = createMemoryResponseStore(1_000_000);
    for (let i = 0; i < 100; i++) store.set(responseKey('0', String(i)), json(83_000, String(i % 10)), 60_000);
    let kept = 0;
    for (let i = 0; i < 100; i++) if (store.get(responseKey('0', String(i))) !== null) kept++;
    // 1 MB holds twelve answers of 83 KB: the newest twelve.
    expect(kept).toBe(12);
    expect(store.get(responseKey('0', '99'))).not.toBeNull();
  });

  it('should replace an entry stored again under its key without counting it twice', () => {
    const store = createMemoryResponseStore(1_000);
    const key = responseKey('0', 'same');
    for (let i = 0; i < 10; i++) store.set(key, json(240, String(i)), 60_000);
    store.set(responseKey('0', 'other'), json(240, 'o'), 60_000);
    expect(store.get(key)).toBe(json(240, '9'));
    expect(store.get(responseKey('0', 'other'))).toBe(json(240, 'o'));
  });

  it('should serve nothing stored under an older generation, nor an expired answer', async () => {
    const store = createMemoryResponseStore();
    store.set(responseKey('0', 'a'), json(100), 60_000);
    store.set(responseKey('0', 'short'), json(100), 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(store.get(responseKey('0', 'short'))).toBeNull();
    await store.advance(5n);
    expect(store.generation()).toBe('5');
    expect(store.get(responseKey('0', 'a'))).toBeNull();
    // A slow read that started under the old generation stores nothing under it.
    store.set(responseKey('0', 'late'), json(100), 60_000);
    expect(store.get(responseKey('0', 'late'))).toBeNull();
  });
});
