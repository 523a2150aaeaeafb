import { createTwoFilesPatch } from 'diff';
import { quoteArg } from './entry.js';
import type { CommandRecord } from './backups.js';
import type { PlanItem } from './plan.js';

/** A unified diff of one planned file change ('' when the text does not change). */
export function itemDiff(item: PlanItem): string {
  if (item.via !== 'file' || item.file === null || item.before === item.after) return '';
  const before = item.before ?? '';
  const after = item.after ?? '';
  const patch = createTwoFilesPatch(
    item.file,
    item.file,
    before,
    after,
    item.before === null ? '(new file)' : undefined,
    item.after === null ? '(deleted)' : undefined,
    {
      context: 3,
    },
  );
  // The `Index:` and `====` banner lines carry nothing a unified diff needs.
  return patch.replace(/^Index: .*\n=+\n/, '');
}

/** A command as a person would type it, with the program's name rather than its full path. */
export function commandText(command: CommandRecord): string {
  const program = command.command.replace(/^.*[\\/]/, '').replace(/\.(exe|cmd|bat)$/i, '');
  return [program, ...command.args].map(quoteArg).join(' ');
}
