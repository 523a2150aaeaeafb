import { InvalidArgumentError } from 'commander';

// Every number and duration a command reads from its options is parsed here. A value that does not parse is
// commander's usage error (exit 2, one line naming the option), never an exception from deep inside a command.

/** Repeatable option values; each may also be a comma-separated list ("--dep t1,t2"). */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}

/** A whole number in [min, max]: "--limit 20". Signs, fractions, exponents and spaces are refused. */
export function wholeNumber(range: { min?: number; max?: number } = {}) {
  const min = range.min ?? 0;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  return (value: string): number => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`Expected a whole number${describeRange(min, max)}.`);
    if (n < min || n > max) throw new InvalidArgumentError(`Expected a whole number${describeRange(min, max)}.`);
    return n;
  };
}

function describeRange(min: number, max: number): string {
  if (max === Number.MAX_SAFE_INTEGER) return min === 0 ? '' : ` of ${min} or more`;
  return ` from ${min} to ${max}`;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const UNIT_NAME: Record<string, string> = { s: 'seconds', d: 'days' };

/**
 * A length of time in milliseconds: "90s", "30m", "8h", "2d", "1w", or a bare number in `bareUnit`.
 * `min`/`max` are in milliseconds.
 */
export function duration(options: { bareUnit: 's' | 'd'; min?: number; max?: number }) {
  return (value: string): number => {
    const match = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/i.exec(value.trim());
    const example = `such as 90m, 8h or 2d (a bare number counts ${UNIT_NAME[options.bareUnit]})`;
    if (!match) throw new InvalidArgumentError(`Expected a duration ${example}.`);
    const ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] || options.bareUnit).toLowerCase()]!);
    if ((options.min !== undefined && ms < options.min) || (options.max !== undefined && ms > options.max)) {
      throw new InvalidArgumentError(`Expected a duration from ${spell(options.min ?? 0)} to ${spell(options.max ?? Infinity)}.`);
    }
    return ms;
  };
}

/** 28_800_000 → "8h": the shortest exact way to write a duration in the units `duration` reads. */
export function spell(ms: number): string {
  if (!Number.isFinite(ms)) return 'any length';
  for (const unit of ['w', 'd', 'h', 'm'] as const) if (ms >= UNIT_MS[unit]! && ms % UNIT_MS[unit]! === 0) return `${ms / UNIT_MS[unit]!}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

/**
 * A repeatable option whose values come from a fixed list ("--status pending,failed"). commander's own
 * `.choices()` does not combine with a collecting parser, so this checks each value itself.
 */
export function collectChoices(choices: readonly string[]) {
  return (value: string, previous: string[] = []): string[] => {
    const values = collect(value);
    const wrong = values.find((item) => !choices.includes(item));
    if (wrong !== undefined) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return [...previous, ...values];
  };
}
