const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30d", "12h", "90m", "45s", "2w"; a bare number means days. Zero is allowed ("everything finished"). */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/i.exec(value.trim());
  if (!match) throw new Error(`expected a duration such as 30d, 12h or 90m, got "${value}"`);
  return Math.round(Number(match[1]) * UNIT_MS[(match[2] || 'd').toLowerCase()]!);
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${value}"`);
  return n;
}
