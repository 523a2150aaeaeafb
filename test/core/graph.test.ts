import { describe, expect, test } from 'vitest';
import { dependencyOrder, findCycle } from '../../src/core/graph.js';

const graph = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? [];

describe('findCycle', () => {
  test('a diamond is not a cycle', () => {
    const deps = graph({ D: ['B', 'C'], B: ['A'], C: ['A'] });
    expect(findCycle(['A', 'B', 'C', 'D'], deps)).toBeNull();
  });

  test('names the path of a cycle, starting and ending with the same task', () => {
    const deps = graph({ a: ['b'], b: ['c'], c: ['a'] });
    expect(findCycle(['a'], deps)).toEqual(['a', 'b', 'c', 'a']);
  });

  test('finds a cycle reachable from a start that is not on it', () => {
    const deps = graph({ x: ['a'], a: ['b'], b: ['a'] });
    expect(findCycle(['x'], deps)).toEqual(['a', 'b', 'a']);
  });

  test('a self-dependency is a cycle of one', () => {
    expect(findCycle(['a'], graph({ a: ['a'] }))).toEqual(['a', 'a']);
  });

  test('handles long chains without recursion', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 1; i < 50_000; i++) edges[`n${i}`] = [`n${i - 1}`];
    expect(findCycle(['n49999'], graph(edges))).toBeNull();
    edges.n0 = ['n49999'];
    expect(findCycle(['n49999'], graph(edges))).toHaveLength(50_001);
  });
});

describe('dependencyOrder', () => {
  test('puts every task after its dependencies', () => {
    const deps = graph({ D: ['B', 'C'], B: ['A'], C: ['A'] });
    const order = dependencyOrder(['D', 'C', 'B', 'A'], deps);
    expect(order[0]).toBe('A');
    expect(order.at(-1)).toBe('D');
    expect(order).toHaveLength(4);
  });

  test('keeps input order among independent tasks and ignores outside dependencies', () => {
    expect(dependencyOrder(['z', 'y', 'x'], graph({ y: ['outside'] }))).toEqual(['z', 'y', 'x']);
  });
});
