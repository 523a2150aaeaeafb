import { runAfterCommand } from './after-command.js';
import { asTerminalError } from './input-errors.js';

/**
 * A commander action that loads its module when the command runs, so declaring commands costs nothing and
 * `orchestrator --version` loads no command code. The handler receives commander's arguments unchanged; an
 * input the core refuses is reported under the flag the person typed.
 */
export function lazyAction<M>(load: () => Promise<M>, name: keyof M) {
  return async (...args: unknown[]): Promise<void> => {
    const module = await load();
    try {
      await (module[name] as (...a: unknown[]) => Promise<void>)(...args);
    } catch (error) {
      throw asTerminalError(error);
    } finally {
      runAfterCommand();
    }
  };
}
