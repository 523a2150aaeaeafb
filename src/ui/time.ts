// Times as people read them ("3 min ago", "in 25 min"). --json output keeps exact ISO times; these are for text.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A length of time: "45 s", "3 min", "2 h 5 min", "7 h", "3 days". */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.max(1, Math.round(abs / 1000))} s`;
  if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
  if (abs < 10 * HOUR) {
    const hours = Math.floor(abs / HOUR);
    const minutes = Math.round((abs - hours * HOUR) / MINUTE);
    if (minutes === 60) return `${hours + 1} h`;
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  if (abs < 2 * DAY) return `${Math.round(abs / HOUR)} h`;
  return `${Math.round(abs / DAY)} days`;
}

/** "just now", "3 min ago", "in 25 min", or the date for anything older than a week. */
export function relative(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (Number.isNaN(ms)) return iso;
  if (Math.abs(ms) < 30_000) return 'just now';
  if (Math.abs(ms) > 7 * DAY) return localDate(iso);
  return ms < 0 ? `${span(ms)} ago` : `in ${span(ms)}`;
}

/** 2026-01-31 14:05 in the local time zone: what a wall clock says. */
function localDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "14:05" today, otherwise the local date and time. */
export function clockTime(iso: string, now: Date): string {
  const full = localDate(iso);
  return full.slice(0, 10) === localDate(now.toISOString()).slice(0, 10) ? full.slice(11) : full;
}
