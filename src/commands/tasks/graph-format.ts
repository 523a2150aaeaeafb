import type { TaskGraph, TaskView } from '../../core/index.js';
import { truncate } from '../../ui/table.js';
import { color } from '../../ui/theme.js';
import { groupUnderPlans, stateLabel } from './present.js';

export type GraphFormat = 'text' | 'mermaid' | 'dot';

export function renderGraph(graph: TaskGraph, format: GraphFormat, width?: number): string[] {
  if (format === 'mermaid') return mermaid(graph);
  if (format === 'dot') return dot(graph);
  return tree(graph, width);
}

/** The tasks of each plan, by plan: the children of every node in the graph, in the graph's (dependency) order. */
function groups(graph: TaskGraph): { roots: TaskView[]; children: Map<string, TaskView[]> } {
  return groupUnderPlans(graph.nodes);
}

/**
 * Plans as groups drawn with box-drawing lines, their subtasks inside in dependency order (a task comes after
 * everything it waits for), and what each task waits for after a "←". Lines are cut to the terminal's width.
 */
function tree(graph: TaskGraph, width?: number): string[] {
  if (graph.nodes.length === 0) return ['No tasks.'];
  const waitsFor = new Map<string, string[]>();
  for (const edge of graph.edges) waitsFor.set(edge.from, [...(waitsFor.get(edge.from) ?? []), edge.to]);
  const { roots, children } = groups(graph);
  const lines: string[] = [];
  const fit = (plain: string, paint: (text: string) => string) => paint(width === undefined ? plain : truncate(plain, width));
  // Iterative, so a deep chain of plans cannot overflow the stack; each entry carries its own prefix.
  const stack: Array<{ node: TaskView; lead: string; rest: string }> = roots.map((node) => ({ node, lead: '', rest: '' })).reverse();
  const seen = new Set<string>();
  while (stack.length > 0) {
    const { node, lead, rest } = stack.pop()!;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    const deps = waitsFor.get(node.id) ?? [];
    const plain = `${lead}${node.id}  ${stateLabel(node)}  ${node.title}${deps.length > 0 ? `  ← ${deps.join(', ')}` : ''}`;
    lines.push(fit(plain, (text) => (node.children.length > 0 ? color.bold(text) : text)));
    const kids = children.get(node.id) ?? [];
    const entries = kids.map((child, index) => {
      const last = index === kids.length - 1;
      return { node: child, lead: `${rest}${last ? '└── ' : '├── '}`, rest: `${rest}${last ? '    ' : '│   '}` };
    });
    stack.push(...entries.reverse());
  }
  return lines;
}

const mermaidId = (taskId: string) => `n_${taskId.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** Plans are subgraphs; arrows point from a task to the tasks that wait for it: the order work flows in. */
function mermaid(graph: TaskGraph): string[] {
  const label = (value: string) => value.replace(/"/g, '#quot;');
  const { roots, children } = groups(graph);
  const lines = ['flowchart TD'];
  const emit = (node: TaskView, indent: string) => {
    const kids = children.get(node.id);
    const text = `${node.id}: ${node.title}`;
    if (!kids) {
      lines.push(`${indent}${mermaidId(node.id)}["${label(text)}<br/>${node.status}"]`);
      return;
    }
    lines.push(`${indent}subgraph ${mermaidId(node.id)}["${label(text)} (${node.status})"]`);
    for (const kid of kids) emit(kid, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const root of roots) emit(root, '  ');
  lines.push(...graph.edges.map((edge) => `  ${mermaidId(edge.to)} --> ${mermaidId(edge.from)}`));
  return lines;
}

/** Plans are clusters holding their subtasks and a node of their own, so that edges to a plan have an end. */
function dot(graph: TaskGraph): string[] {
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ');
  const quote = (value: string) => `"${escape(value)}"`;
  const { roots, children } = groups(graph);
  const lines = ['digraph tasks {', '  rankdir=LR;', '  node [shape=box];'];
  // "\n" is DOT's own line break inside a label.
  const nodeLine = (node: TaskView, indent: string, extra = '') =>
    `${indent}${quote(node.id)} [label="${escape(`${node.id}: ${node.title}`)}\\n${node.status}"${extra}];`;
  const emit = (node: TaskView, indent: string) => {
    const kids = children.get(node.id);
    if (!kids) {
      lines.push(nodeLine(node, indent));
      return;
    }
    lines.push(`${indent}subgraph ${quote(`cluster_${node.id}`)} {`, `${indent}  label=${quote(`${node.id}: ${node.title}`)};`);
    lines.push(nodeLine(node, `${indent}  `, ', shape=folder'));
    for (const kid of kids) emit(kid, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const root of roots) emit(root, '  ');
  lines.push(...graph.edges.map((edge) => `  ${quote(edge.to)} -> ${quote(edge.from)};`), '}');
  return lines;
}
