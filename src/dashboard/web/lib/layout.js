// Lays out a plan's dependency graph for SVG: each task in the column of its longest chain of dependencies
// (dependencies to the left), rows ordered to keep edges short. Pure: unit-tested in Node.

export const NODE = { width: 190, height: 46, columnGap: 64, rowGap: 14, margin: 12 };

/**
 * nodes: [{id, dependencies}] in dependency order; edges: [{from, to}] where `from` depends on `to`.
 * Returns {positions: Map(id -> {x, y, column, row}), width, height}.
 */
export function layoutGraph(nodes, edges) {
  const inGraph = new Set(nodes.map((node) => node.id));
  const dependencies = new Map(nodes.map((node) => [node.id, []]));
  for (const edge of edges) if (inGraph.has(edge.to) && dependencies.has(edge.from)) dependencies.get(edge.from).push(edge.to);
  const column = new Map();
  for (const node of nodes) {
    let depth = 0;
    for (const dependency of dependencies.get(node.id)) depth = Math.max(depth, (column.get(dependency) ?? -1) + 1);
    column.set(node.id, depth);
  }
  const columns = [];
  for (const node of nodes) (columns[column.get(node.id)] ??= []).push(node.id);
  const row = new Map();
  columns.forEach((ids, index) => {
    if (index > 0) {
      // Barycentre of the rows of each task's dependencies: fewer crossings than the order of creation.
      const weight = (id) => {
        const rows = dependencies.get(id).map((dependency) => row.get(dependency));
        return rows.length > 0 ? rows.reduce((sum, value) => sum + value, 0) / rows.length : Infinity;
      };
      ids.sort((a, b) => weight(a) - weight(b));
    }
    ids.forEach((id, position) => row.set(id, position));
  });
  const positions = new Map();
  for (const node of nodes) {
    const c = column.get(node.id);
    const r = row.get(node.id);
    positions.set(node.id, {
      column: c,
      row: r,
      x: NODE.margin + c * (NODE.width + NODE.columnGap),
      y: NODE.margin + r * (NODE.height + NODE.rowGap),
    });
  }
  const tallest = Math.max(0, ...columns.map((ids) => ids.length));
  return {
    positions,
    width: NODE.margin * 2 + columns.length * NODE.width + Math.max(0, columns.length - 1) * NODE.columnGap,
    height: NODE.margin * 2 + tallest * NODE.height + Math.max(0, tallest - 1) * NODE.rowGap,
  };
}

/** A curve from the right side of a dependency to the left side of the task waiting for it. */
export function edgePath(from, to) {
  const x1 = to.x + NODE.width;
  const y1 = to.y + NODE.height / 2;
  const x2 = from.x;
  const y2 = from.y + NODE.height / 2;
  const bend = Math.max(24, (x2 - x1) / 2);
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}
