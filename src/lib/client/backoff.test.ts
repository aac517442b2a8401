import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoff', () => {
  const options = { baseMs: 1000, maxMs: 60_000 };

  it('doubles the bound with each attempt up to the cap', () => {
    const top = (n: number) => backoffDelay(n, () => 0.999999, options);
    expect([1, 2, 3, 4].map(top)).toEqual([999, 1999, 3999, 7999]);
    expect(top(20)).toBe(59_999);
  });

  it('spreads retries randomly below the bound, never to zero', () => {
    expect(backoffDelay(3, () => 0.5, options)).toBe(2000);
    expect(backoffDelay(3, () => 0, options)).toBe(100);
  });
});
