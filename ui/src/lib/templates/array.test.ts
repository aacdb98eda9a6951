import { describe, expect, it } from 'vitest';
import { move, splitList } from './array.ts';

describe('move', () => {
  it('moves up and down in place', () => {
    const list = ['a', 'b', 'c'];
    expect(move(list, 1, -1)).toBe(true);
    expect(list).toEqual(['b', 'a', 'c']);
    expect(move(list, 1, 1)).toBe(true);
    expect(list).toEqual(['b', 'c', 'a']);
  });
  it('does not move past either end', () => {
    const list = ['a', 'b'];
    expect(move(list, 0, -1)).toBe(false);
    expect(move(list, 1, 1)).toBe(false);
    expect(move(list, 5, -1)).toBe(false);
    expect(list).toEqual(['a', 'b']);
  });
});

describe('splitList', () => {
  it('takes the entries of a comma-separated list, trimmed, without empty ones', () => {
    expect(splitList(' Basic, Pro ,, ')).toEqual(['Basic', 'Pro']);
    expect(splitList('')).toEqual([]);
  });
});
