import { describe, expect, it } from 'vitest';
import { initials } from './initials';

describe('initials', () => {
  it('keeps what the cook typed when it is already short', () => {
    expect(initials('AM')).toBe('AM');
    expect(initials(' hm ')).toBe('HM');
    expect(initials('Bea')).toBe('BEA');
  });

  it('takes the first letters of the first two words of a name', () => {
    expect(initials('Anna Mills')).toBe('AM');
    expect(initials('anna  de  Vries')).toBe('AD');
    expect(initials('Élodie Øster')).toBe('ÉØ');
  });

  it('shortens one long word to its first two letters', () => {
    expect(initials('Cook')).toBe('CO');
  });

  it('is empty when there is no name, and keeps only letters and digits', () => {
    expect(initials('   ')).toBe('');
    expect(initials('<>&!')).toBe('');
    expect(initials('<b>Ann</b> Lee')).toBe('AL');
    expect(initials('<script>x</script>')).toBe('X');
    expect(initials('Dr. (Mo) Said')).toBe('DM');
  });
});
