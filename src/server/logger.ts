/**
 * The server's one logger. It writes to the stream it is given (stderr in `orchestrator serve`): stdout belongs
 * to the protocol. One line per message: time, level, message, then key=value pairs.
 */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  readonly level: LogLevel;
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(options: { stream: { write(text: string): unknown }; level: LogLevel; clock?: () => Date }): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const clock = options.clock ?? (() => new Date());
  const log = (level: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) > threshold) return;
    const extra = fields
      ? Object.entries(fields)
          .map(([key, value]) => ` ${key}=${format(value)}`)
          .join('')
      : '';
    options.stream.write(`${clock().toISOString()} ${level.padEnd(5)} ${message}${extra}\n`);
  };
  return { level: options.level, error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };
}

function format(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.stack ?? value.message);
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
