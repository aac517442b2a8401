import { beforeEach, describe, expect, it } from 'vitest';
import { recentItems, rememberUsed } from './recent-items';

describe('recently used items', () => {
  beforeEach(() => {
    const store = new Map<string, string>();
    globalThis.localStorage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    } as Storage;
  });

  it('keeps the items recorded, newest first, each once', () => {
    rememberUsed(['a', 'b']);
    rememberUsed(['c', 'a']);
    expect(recentItems()).toEqual(['a', 'c', 'b']);
  });
});
