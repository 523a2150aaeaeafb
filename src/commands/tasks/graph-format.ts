import type { TaskGraph } from '../../core/index.js';
import { color } from '../../ui/theme.js';
import { stateLabel } from './present.js';

export type GraphFormat = 'text' | 'mermaid' | 'dot';

export function renderGraph(graph: TaskGraph, format: GraphFormat): string[] {
  if (format === 'mermaid') return mermaid(graph);
  if (format === 'dot') return dot(graph);
  return text(graph);
}

/**
 * Tasks in dependency order, indented by depth (the longest chain of dependencies before them), each with the
 * tasks it waits for. Every task appears once, after all of its dependencies, so diamonds read correctly.
 */
function text(graph: TaskGraph): string[] {
  if (graph.nodes.length === 0) return ['No tasks.'];
  const depth = new Map<string, number>();
  const waitsFor = new Map<string, string[]>();
  for (const edge of graph.edges) waitsFor.set(edge.from, [...(waitsFor.get(edge.from) ?? []), edge.to]);
  for (const node of graph.nodes) {
    const deps = waitsFor.get(node.id) ?? [];
    depth.set(node.id, deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => depth.get(dep) ?? 0)));
  }
  return graph.nodes.map((node) => {
    const deps = waitsFor.get(node.id) ?? [];
    const after = deps.length > 0 ? color.dim(`  ← ${deps.join(', ')}`) : '';
    return `${'  '.repeat(depth.get(node.id)!)}${stateLabel(node)}  ${color.bold(node.id)} ${node.title}${after}`;
  });
}

/** Arrows point from a task to the tasks that wait for it: the order work flows in. */
function mermaid(graph: TaskGraph): string[] {
  const id = (taskId: string) => `n_${taskId.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const label = (value: string) => value.replace(/"/g, '#quot;');
  return [
    'flowchart TD',
    ...graph.nodes.map((node) => `  ${id(node.id)}["${label(`${node.id}: ${node.title}`)}<br/>${node.status}"]`),
    ...graph.edges.map((edge) => `  ${id(edge.to)} --> ${id(edge.from)}`),
  ];
}

function dot(graph: TaskGraph): string[] {
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ');
  const quote = (value: string) => `"${escape(value)}"`;
  return [
    'digraph tasks {',
    '  rankdir=LR;',
    '  node [shape=box];',
    // "\n" is DOT's own line break inside a label.
    ...graph.nodes.map((node) => `  ${quote(node.id)} [label="${escape(`${node.id}: ${node.title}`)}\\n${node.status}"];`),
    ...graph.edges.map((edge) => `  ${quote(edge.to)} -> ${quote(edge.from)};`),
    '}',
  ];
}
