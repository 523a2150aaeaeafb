import path from 'node:path';
import { FIELD_LIMITS, type TaskDraft } from '../../core/index.js';
import type { ImportProblem, ReadResult, RefLocations } from './types.js';

// A Markdown checklist: `- [ ] item` is a pending task, `- [x] item` a completed one, an item indented under
// another is its subtask, and the lines indented under an item (that are not items) are its description.
// A heading with items below it becomes a plan holding them. Checkboxes inside fenced code are text.
// Also read: `- [-]` cancelled and `- [/]` in progress (Obsidian and others), `*`, `+` and `1.` markers.

const ITEM = /^(\s*)([-*+]|\d{1,9}[.)])[ \t]+\[(.?)\](?:[ \t]+(.*?))?[ \t]*$/;
const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^\s*(```|~~~)/;

const STATES: Record<string, { status: 'pending' | 'completed' | 'cancelled'; name: string }> = {
  ' ': { status: 'pending', name: 'open' },
  x: { status: 'completed', name: 'done' },
  X: { status: 'completed', name: 'done' },
  '-': { status: 'cancelled', name: 'cancelled' },
  '/': { status: 'pending', name: 'in-progress' },
};

interface Entry {
  kind: 'heading' | 'item';
  /** Heading level, or the item's indentation. */
  depth: number;
  title: string;
  line: number;
  state?: string;
  parent: Entry | undefined;
  description: string[];
  /** Where the item's text starts: continuation lines are indented at least this much. */
  contentIndent: number;
  hasItems: boolean;
  ref?: string;
}

export function readChecklist(text: string, file: string): ReadResult {
  const problems: ImportProblem[] = [];
  const entries: Entry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headings: Entry[] = [];
  let items: Entry[] = [];
  let fence: string | undefined;
  let last: Entry | undefined;
  lines.forEach((raw, index) => {
    const line = raw.replace(/\t/g, '    ');
    const number = index + 1;
    const fenced = FENCE.exec(line);
    if (fence !== undefined) {
      if (fenced && fenced[1] === fence) fence = undefined;
      if (last) last.description.push(line.slice(Math.min(last.contentIndent, indentOf(line))));
      return;
    }
    if (fenced) {
      // Code in an item's description stays in it; code anywhere else is skipped, checkboxes and all.
      fence = fenced[1];
      if (last && indentOf(line) >= last.contentIndent) last.description.push(line.slice(last.contentIndent));
      else last = undefined;
      return;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      headings = headings.filter((open) => open.depth < level);
      const entry: Entry = {
        kind: 'heading',
        depth: level,
        title: heading[2]!.trim(),
        line: number,
        parent: headings.at(-1),
        description: [],
        contentIndent: 0,
        hasItems: false,
      };
      headings.push(entry);
      entries.push(entry);
      items = [];
      last = undefined;
      return;
    }
    const item = ITEM.exec(line);
    if (item) {
      const indent = item[1]!.length;
      const state = item[3]!;
      if (!(state in STATES)) {
        problems.push({
          file,
          line: number,
          message: `unknown checkbox "[${state}]"; use [ ] for open, [x] for done (also [-] cancelled, [/] in progress)`,
        });
        return;
      }
      const title = (item[4] ?? '').trim();
      if (title === '') {
        problems.push({ file, line: number, message: 'a checklist item without text' });
        return;
      }
      if (title.length > FIELD_LIMITS.title) {
        problems.push({
          file,
          line: number,
          message: `the item is longer than ${FIELD_LIMITS.title} characters; put the detail on indented lines below it`,
        });
        return;
      }
      items = items.filter((open) => open.depth < indent);
      const parent = items.at(-1) ?? headings.at(-1);
      const entry: Entry = {
        kind: 'item',
        depth: indent,
        title,
        line: number,
        state,
        parent,
        description: [],
        contentIndent: indent + item[2]!.length + 1,
        hasItems: false,
      };
      for (let above = parent; above; above = above.parent) above.hasItems = true;
      items.push(entry);
      entries.push(entry);
      last = entry;
      return;
    }
    // Text indented under an item belongs to it; blank lines are kept when more text follows.
    if (last && (line.trim() === '' || indentOf(line) >= last.contentIndent)) {
      last.description.push(line.trim() === '' ? '' : line.slice(last.contentIndent));
      return;
    }
    last = undefined;
    items = line.trim() === '' ? items : [];
  });

  const used = entries.filter((entry) => entry.kind === 'item' || entry.hasItems);
  if (used.filter((entry) => entry.kind === 'item').length === 0 && problems.length === 0) {
    problems.push({ file, line: 1, message: 'no checklist items ("- [ ] something") found' });
  }
  // The source id of an item is its place in the document: the titles above it, so that editing one item's
  // text elsewhere, or adding items, does not change the others'.
  const base = path.basename(file);
  const counts = new Map<string, number>();
  const locations: RefLocations = new Map();
  const drafts: TaskDraft[] = used.map((entry) => {
    const trail = [entry.title];
    for (let above = entry.parent; above; above = above.parent) trail.unshift(above.title);
    const key = `${base}#${trail.join(' / ')}`;
    const seen = (counts.get(key) ?? 0) + 1;
    counts.set(key, seen);
    entry.ref = seen === 1 ? key : `${key} (${seen})`;
    locations.set(entry.ref, { file, line: entry.line });
    const state = entry.state === undefined ? undefined : STATES[entry.state]!;
    const description = entry.description.join('\n').trim();
    return {
      ref: entry.ref,
      title: entry.title,
      ...(description !== '' && { description }),
      ...(state && { status: state.status }),
      ...(entry.parent?.ref !== undefined && { parent: entry.parent.ref }),
      source: { format: 'markdown', id: entry.ref, status: state?.name ?? 'heading' },
    };
  });
  return { kind: 'drafts', drafts, locations, files: [file], problems, notes: [] };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
