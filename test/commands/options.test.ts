import { InvalidArgumentError } from 'commander';
import { describe, expect, test } from 'vitest';
import { collectChoices, duration, spell, wholeNumber } from '../../src/commands/options.js';

describe('option values', () => {
  test('whole numbers: digits only, within the range', () => {
    const limit = wholeNumber({ min: 1, max: 100 });
    expect(limit('20')).toBe(20);
    for (const bad of ['abc', '-1', '0', '1.5', '1e3', '', '101']) expect(() => limit(bad), bad).toThrow(InvalidArgumentError);
    expect(wholeNumber()('0')).toBe(0);
  });

  test('durations: units, bare numbers in the given unit, and the range', () => {
    const lease = duration({ bareUnit: 's', min: 5_000, max: 604_800_000 });
    expect(lease('90m')).toBe(5_400_000);
    expect(lease('8h')).toBe(28_800_000);
    expect(lease('3600')).toBe(3_600_000);
    expect(() => lease('2')).toThrow(/from 5s to 1w/);
    expect(() => lease('abc')).toThrow(/such as 90m, 8h or 2d/);
    expect(duration({ bareUnit: 'd' })('30')).toBe(30 * 86_400_000);
    expect(spell(28_800_000)).toBe('8h');
  });

  test('repeatable choices check every value, comma-separated or not', () => {
    const status = collectChoices(['pending', 'failed']);
    expect(status('failed', status('pending'))).toEqual(['pending', 'failed']);
    expect(status('pending,failed')).toEqual(['pending', 'failed']);
    expect(() => status('pending,bogus')).toThrow(/Allowed choices are pending, failed/);
  });
});
