import { loadRoles } from '../../roles/index.js';
import { resolveOrchestratorHome } from '../../store/index.js';
import { defaultWorker } from '../context.js';

/** Who the dashboard records actions as, and the role names it offers, for the store in `dataDir`. */
export function dashboardActor(dataDir: string, env: NodeJS.ProcessEnv): { actor: string; roleNames: () => Promise<string[]> } {
  return {
    actor: defaultWorker().replace(/^cli:/, 'dashboard:'),
    roleNames: async () => (await loadRoles({ dataDir, home: resolveOrchestratorHome(env) })).names(),
  };
}
