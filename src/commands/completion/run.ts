import type { Command } from 'commander';
import { resolveOrchestratorHome } from '../../store/index.js';
import { complete, type CompletionSources } from './complete.js';

/** Reads the store and the role files; a store that cannot be read completes nothing rather than printing errors. */
const sources: CompletionSources = {
  async taskIds(dataDir) {
    try {
      const { openTaskService } = await import('../../core/index.js');
      const doc = await openTaskService({ dataDir }).service.snapshot();
      return Object.keys(doc.tasks);
    } catch {
      return [];
    }
  },
  async roleNames(dataDir) {
    try {
      const [{ resolveDataDirectory }, { loadRoles }] = await Promise.all([import('../../core/data-dir.js'), import('../../roles/index.js')]);
      const catalog = await loadRoles({ dataDir: resolveDataDirectory({ flag: dataDir }).dir, home: resolveOrchestratorHome() });
      return [...catalog.names()];
    } catch {
      return [];
    }
  },
  async templateNames(dataDir) {
    try {
      const [{ resolveDataDirectory }, { loadTemplates }] = await Promise.all([import('../../core/data-dir.js'), import('../../templates/index.js')]);
      const catalog = await loadTemplates({ dataDir: resolveDataDirectory({ flag: dataDir }).dir, home: resolveOrchestratorHome() });
      return [...catalog.names()];
    } catch {
      return [];
    }
  },
};

/** `orchestrator __complete WORD...`: what the completion scripts call; one candidate per line on stdout. */
export async function runCompletion(program: Command, words: readonly string[]): Promise<void> {
  const candidates = await complete(program, words.length === 0 ? [''] : words, sources);
  if (candidates.length > 0) process.stdout.write(`${candidates.join('\n')}\n`);
}
