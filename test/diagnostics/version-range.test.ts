import { describe, expect, test } from 'vitest';
import { satisfies } from '../../src/diagnostics/version-range.js';

describe('satisfies', () => {
  test.each([
    ['v20.20.2', '>=20', true],
    ['v18.19.0', '>=20', false],
    ['v20.0.0', '>=20.0.0', true],
    ['v22.1.0', '^20 || ^22', true],
    ['v21.1.0', '^20 || ^22', false],
    ['v20.5.1', '>=20.5 <21', true],
    ['v21.0.0', '>=20.5 <21', false],
    ['v20.4.9', '~20.4.2', true],
    ['v20.5.0', '~20.4.2', false],
    ['v0.2.5', '^0.2.3', true],
    ['v0.3.0', '^0.2.3', false],
    ['v20.3.0', '20.x', true],
    ['v21.0.0', '20.x', false],
    ['v20.0.0', '>19', true],
    ['v19.9.9', '>19', false],
    ['v20.1.0', '<=20', true],
    ['v21.0.0', '<=20', false],
    ['v18.0.0', '18 - 20', true],
    ['v20.9.0', '18 - 20', true],
    ['v21.0.0', '18 - 20', false],
    ['v20.0.0', '*', true],
  ])('%s against %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  test('says so when it does not understand a range', () => {
    expect(satisfies('v20.0.0', 'latest')).toBeUndefined();
    expect(satisfies('v20.0.0', 'latest || >=20')).toBe(true);
  });
});
