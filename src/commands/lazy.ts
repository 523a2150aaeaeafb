/**
 * A commander action that loads its module when the command runs, so declaring commands costs nothing and
 * `orchestrator --version` loads no command code. The handler receives commander's arguments unchanged.
 */
export function lazyAction<M>(load: () => Promise<M>, name: keyof M) {
  return async (...args: unknown[]): Promise<void> => {
    const module = await load();
    await (module[name] as (...a: unknown[]) => Promise<void>)(...args);
  };
}
