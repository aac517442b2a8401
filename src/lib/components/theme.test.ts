import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const css = readFileSync(new URL('./theme.css', import.meta.url), 'utf8');

/** `--name: value` declarations of a block of CSS, in order. */
function declarations(block: string): Map<string, string> {
  return new Map(
    [...block.matchAll(/(--[a-z-]+):\s*([^;]+);/g)].map(([, name, value]) => [
      name as string,
      (value as string).trim(),
    ]),
  );
}

describe('theme colours', () => {
  const themed = [...declarations(css.slice(0, css.indexOf('}'))).entries()].filter(([, value]) =>
    value.startsWith('light-dark('),
  );
  const fallbackAt = css.indexOf('@supports not (color: light-dark(');
  const fallback = declarations(css.slice(fallbackAt, css.indexOf('html body', fallbackAt)));

  test('every colour is written as light-dark(light, dark)', () => {
    expect(themed.length).toBeGreaterThan(10);
  });

  test('browsers without light-dark() get every colour, in its light value', () => {
    expect(fallbackAt).toBeGreaterThan(0);
    for (const [name, value] of themed) {
      const light = /^light-dark\(\s*([^,]+),/.exec(value)?.[1]?.trim();
      expect(fallback.get(name), name).toBe(light);
    }
    expect(fallback.size).toBe(themed.length);
  });
});
