// Things to say once a command has done its work (such as where it created a store). Kept free of imports so
// that lazy.ts, which every command declaration loads, stays light.

const pending: Array<() => void> = [];

export function afterCommand(say: () => void): void {
  pending.push(say);
}

export function runAfterCommand(): void {
  for (const say of pending.splice(0)) say();
}
