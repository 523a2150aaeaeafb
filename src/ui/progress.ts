import { color } from './theme.js';

export interface Progress {
  /** Shows `text` next to the spinner (replacing what was there). */
  update(text: string): void;
  /** Clears the line; the stream is left as it was found. */
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const INTERVAL_MS = 80;

interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

/**
 * A one-line spinner on stderr while slow work runs. On anything but a terminal it writes nothing at all, so
 * logs and pipes stay clean.
 */
export function createProgress(stream: ProgressStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  let text = '';
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    stream.write(`\r\x1b[2K${color.cyan(FRAMES[frame % FRAMES.length]!)} ${text}`);
    frame++;
  };
  return {
    update(next) {
      text = next;
      draw();
      // The timer must never keep the process alive on its own.
      timer ??= setInterval(draw, INTERVAL_MS).unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (timer || text) stream.write('\r\x1b[2K');
      timer = undefined;
      text = '';
    },
  };
}
