/**
 * Whether `version` satisfies an npm `engines` range: `||` alternatives of space-separated comparators
 * (`>=`, `>`, `<=`, `<`, `=`, `^`, `~`, a bare or x-version, `*`) and hyphen ranges. Returns undefined for a range
 * it does not understand, so the caller can say so instead of guessing. Pre-release tags are ignored.
 */
export function satisfies(version: string, range: string): boolean | undefined {
  const target = parse(version);
  if (!target) return undefined;
  let understood = true;
  const result = range.split('||').some((alternative) => {
    const comparators = expandHyphen(alternative.trim()).split(/\s+/).filter(Boolean);
    return comparators.every((comparator) => {
      const verdict = test(target, comparator);
      if (verdict === undefined) understood = false;
      return verdict === true;
    });
  });
  return understood || result ? result : undefined;
}

type Triple = [number, number, number];

function parse(text: string): Triple | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function expandHyphen(range: string): string {
  const match = /^(\S+)\s+-\s+(\S+)$/.exec(range);
  return match ? `>=${match[1]} <=${match[2]}` : range;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function test(version: Triple, comparator: string): boolean | undefined {
  if (comparator === '*' || comparator === '') return true;
  const match = /^(>=|<=|>|<|=|\^|~)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[0-9A-Za-z.-]+)?$/.exec(comparator);
  if (!match) return undefined;
  const op = match[1] ?? '';
  const parts = [match[2], match[3], match[4]].map((part) => (part === undefined || /^[xX*]$/.test(part) ? undefined : Number(part)));
  const known = parts.findIndex((part) => part === undefined);
  const precision = known === -1 ? 3 : known;
  const low: Triple = [parts[0] ?? 0, precision > 1 ? parts[1]! : 0, precision > 2 ? parts[2]! : 0];
  const cmp = compare(version, low);
  // The first version past a partial one: 20 → 21.0.0, 20.3 → 20.4.0.
  const next = (upTo: number): Triple =>
    upTo === 0 ? [low[0] + 1, 0, 0] : upTo === 1 ? [low[0], low[1] + 1, 0] : [low[0], low[1], low[2] + 1];
  if (precision === 0) return op === '<' || op === '>' ? false : true;
  switch (op) {
    case '>=':
      return cmp >= 0;
    case '>':
      return compare(version, precision === 3 ? low : next(precision - 1)) >= (precision === 3 ? 1 : 0);
    case '<':
      return cmp < 0;
    case '<=':
      return precision === 3 ? cmp <= 0 : compare(version, next(precision - 1)) < 0;
    case '^': {
      const major = low[0] !== 0 || precision === 1 ? 0 : low[1] !== 0 || precision === 2 ? 1 : 2;
      return cmp >= 0 && compare(version, next(major)) < 0;
    }
    case '~':
      return cmp >= 0 && compare(version, next(Math.min(precision - 1, 1))) < 0;
    default:
      return cmp >= 0 && compare(version, next(precision - 1)) < 0;
  }
}
