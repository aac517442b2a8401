/**
 * Nothing left behind: every text a person sees comes from the message catalog, and every
 * message is there in every language, with the same placeholders and plural forms.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const settings = JSON.parse(readFileSync(join(root, 'project.inlang/settings.json'), 'utf8')) as {
  baseLocale: string;
  locales: string[];
};

type Message = string | { match: Record<string, string> }[];
const catalog = (locale: string) =>
  JSON.parse(readFileSync(join(root, 'messages', `${locale}.json`), 'utf8')) as Record<
    string,
    Message
  >;

/** Each form of a message (a plural message has one per category) by its selector. */
function forms(message: Message): Record<string, string> {
  if (typeof message === 'string') return { '': message };
  return message[0]?.match ?? {};
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((p) => p[1]).sort();

describe('the message catalog', () => {
  const base = catalog(settings.baseLocale);
  const keys = Object.keys(base).filter((k) => k !== '$schema');

  it('has every message in every language, none empty, none extra', () => {
    expect(keys.length).toBeGreaterThan(100);
    for (const locale of settings.locales) {
      const messages = catalog(locale);
      const own = Object.keys(messages).filter((k) => k !== '$schema');
      expect(
        own.filter((k) => !(k in base)),
        `${locale}: messages not in English`,
      ).toEqual([]);
      expect(
        keys.filter((k) => !(k in messages)),
        `${locale}: messages missing`,
      ).toEqual([]);
      for (const key of keys) {
        for (const [form, text] of Object.entries(forms(messages[key]!))) {
          expect(text.trim(), `${locale}: ${key} ${form} is empty`).not.toBe('');
        }
      }
    }
  });

  it('says the same things in every language: same placeholders, same plural forms', () => {
    for (const locale of settings.locales) {
      const messages = catalog(locale);
      for (const key of keys) {
        const ours = forms(messages[key]!);
        const theirs = forms(base[key]!);
        expect(Object.keys(ours).sort(), `${locale}: ${key} forms`).toEqual(
          Object.keys(theirs).sort(),
        );
        for (const [form, text] of Object.entries(ours)) {
          expect(placeholders(text), `${locale}: ${key} ${form}`).toEqual(
            placeholders(theirs[form] ?? ''),
          );
        }
      }
    }
  });
});

/** Attributes whose text a person reads or hears (and props that end up as such). */
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-valuetext',
  'alt',
  'title',
  'placeholder',
  'label',
  'confirm',
]);

/** Text with a letter in it, in any script: digits, dashes and symbols (✕, ⌫, ·) are fine. */
const WORDS = /\p{L}/u;

interface Node {
  type?: string;
  name?: string;
  data?: string;
  value?: unknown;
  start?: number;
}

/** Two words in a row: a sentence or a label, not an id, a path or a CSS value. */
const SENTENCE = /\p{L}{2,}\s+\p{L}{2,}/u;

/** Every literal text in a component's markup that a person would read. */
function writtenTexts(source: string): string[] {
  const ast = parse(source, { modern: true }) as unknown as {
    fragment: unknown;
    instance?: { content: unknown };
  };
  const found: string[] = [];
  const visit = (value: unknown, reading: boolean): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, reading));
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'Text') {
      if (reading && node.data && WORDS.test(node.data)) found.push(node.data.trim());
      return;
    }
    if (node.type === 'Attribute') {
      return visit(node.value, READ_ATTRIBUTES.has(node.name ?? ''));
    }
    // Expressions are code: what they show is checked where their text is made.
    if (node.type === 'ExpressionTag' || node.type === 'StyleSheet') return;
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'type' && key !== 'start' && key !== 'end') visit(child, true);
    }
  };
  visit(ast.fragment, true);
  // In the component's code and its markup's expressions: words in string literals.
  const code = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(code);
    if (!value || typeof value !== 'object') return;
    const node = value as Node & { value?: unknown };
    if (node.type === 'Literal' && typeof node.value === 'string' && SENTENCE.test(node.value)) {
      found.push(node.value);
    }
    const cooked = (node.value as { cooked?: string } | undefined)?.cooked;
    if (node.type === 'TemplateElement' && cooked && SENTENCE.test(cooked)) found.push(cooked);
    for (const [key, child] of Object.entries(node)) if (key !== 'parent') code(child);
  };
  code(ast.instance?.content);
  code(ast.fragment);
  return found;
}

/**
 * Words in the string literals of TypeScript code that makes what screens show. Property
 * names are left out: they are keys (the paste's header aliases), not text.
 */
function codeTexts(path: string): string[] {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const text =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
        ? node.text
        : undefined;
    const key = ts.isPropertyAssignment(node.parent) && node.parent.name === node;
    if (text && !key && SENTENCE.test(text)) found.push(text);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

function filesUnder(dir: string, wanted: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : filesUnder(path, wanted);
    return wanted.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('components', () => {
  it('write no text of their own: every word a person sees comes from the catalog', () => {
    const files = filesUnder(join(root, 'src'), /\.svelte$/);
    expect(files.length).toBeGreaterThan(10);
    const written = files.flatMap((file) =>
      writtenTexts(readFileSync(file, 'utf8')).map((text) => `${relative(root, file)}: ${text}`),
    );
    expect(written).toEqual([]);
  });

  it('nor does the code that makes what they show (models, words, exports, routes)', () => {
    const files = [
      'src/lib/ui-model',
      'src/lib/components',
      'src/lib/i18n',
      'src/lib/export',
      'src/routes',
    ].flatMap((dir) => filesUnder(join(root, dir), /\.ts$/));
    expect(files.length).toBeGreaterThan(10);
    const written = files.flatMap((file) =>
      codeTexts(file).map((text) => `${relative(root, file)}: ${text}`),
    );
    expect(written).toEqual([]);
  });

  it('this check finds text in markup and in read attributes', () => {
    const found = writtenTexts(
      `<script>let n = 'stock-list';</script>
       <h1>Stock</h1><p>{m.ok()} · 12</p>
       <button aria-label="Close" class="big" data-testid="x">✕</button>
       <Keypad label="Quantity" id="qty" />
       {#if a}<span>done</span>{:else}—{/if}
       <style>p { content: 'x'; }</style>`,
    );
    expect(found).toEqual(['Stock', 'Close', 'Quantity', 'done']);
  });

  it('this check finds sentences in TypeScript, not in property names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'larder-catalog-'));
    try {
      const file = join(dir, 'words.ts');
      writeFileSync(
        file,
        "const a = { 'item name': 'name' };\nexport const b = `Not saved: ${a.name} at all`;",
      );
      expect(codeTexts(file)).toEqual(['Not saved: ', ' at all']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('this check finds sentences in a component’s code and expressions', () => {
    const found = writtenTexts(
      `<script>let error = 'Choose an item first.'; const id = 'stock-list';</script>
       <p>{ok ? \`Saved all \${n} lines\` : m.no()}</p>`,
    );
    expect(found).toEqual(['Choose an item first.', 'Saved all ']);
  });
});
