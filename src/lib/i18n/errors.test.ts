import { describe, expect, it } from 'vitest';
import { SyncError } from '$lib/client/api';
import { StorageFullError } from '$lib/client/errors';
import { DomainError } from '$lib/domain/domain-error';
import { errorText } from './errors';
import { language } from './language.svelte';

describe('failures in words', () => {
  it('says each kind of failure by its code, in the chosen language', () => {
    const archived = new DomainError('archived_item', 'English for logs', 'itemId', {
      name: 'Milk',
    });
    const wrongCode = new SyncError('forbidden', 'English for logs', 403, {
      code: 'wrong_join_code',
    });
    const stored = { kind: 'forbidden', code: 'not_found', status: 404, message: 'x' };
    expect(errorText(archived)).toBe(
      '“Milk” is archived. Restore it first to record stock for it.',
    );
    expect(errorText(wrongCode)).toBe('That join code is not right for this kitchen.');
    expect(errorText(stored)).toBe('The server does not know this kitchen.');
    expect(errorText(new StorageFullError(new Error('quota')))).toMatch(/out of storage space/);
    expect(errorText(new Error('boom'))).toBe('Something went wrong: boom');
    language.choose('es');
    try {
      expect(errorText(archived)).toBe(
        '«Milk» está archivado. Restáurelo antes de anotar existencias.',
      );
      expect(errorText(wrongCode)).toBe('Ese código no es el de esta cocina.');
    } finally {
      language.choose('en');
    }
  });
});
