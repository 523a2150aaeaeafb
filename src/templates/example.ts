import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OrchestratorError } from '../errors.js';

/** The file `orchestrator templates init` writes into the project's templates folder. */
const EXAMPLE_TEMPLATE_FILE = 'example.yaml';

/**
 * Every line is a comment, so the file adds no template until someone uncomments it. The template lines are
 * marked "#| " so that tests can uncomment them and prove they load.
 */
export const EXAMPLE_TEMPLATE_YAML = `# Plan templates for this project.
#
# Every *.yaml or *.yml file in this folder is read; a template here overrides a user template
# (ORCHESTRATOR_HOME/templates) or a built-in one of the same name. Template names, parameter names and
# subtask keys are lowercase letters, digits, "_" and "-". Check your files with:
#   orchestrator templates validate
# Apply one with:
#   orchestrator templates apply db-migration --param change="add the orders table"
# The format is described in docs/templates.md of the orchestrator documentation.
#
# To try the template below, remove the "#| " in front of its lines.
#
#| db-migration:
#|   description: Change the database schema safely, with a way back
#|   parameters:
#|     change:
#|       description: the schema change, in a few words
#|     database:
#|       description: which database
#|       default: the main database
#|   plan:
#|     title: "Migration: {{change}}"
#|     description: Change {{database}} for {{change}}, without downtime and with a tested way back.
#|     context: Migrations run before the new code is deployed and must work with the old code too.
#|     tags: [database]
#|   subtasks:
#|     - key: design
#|       title: "Design the migration: {{change}}"
#|       role: architect
#|       priority: high
#|       effort: 2h
#|       description: The steps, the locks they take, how long they run on production data, the way back.
#|     - key: write
#|       title: "Write the migration and its rollback"
#|       role: implementer
#|       depends_on: [design]
#|       effort: 4h
#|     - key: rehearse
#|       title: "Rehearse on a copy of {{database}}"
#|       role: tester
#|       depends_on: [write]
#|       effort: 2h
#|       description: Run the migration and the rollback on a copy of production data; report times and locks.
#|     - key: review
#|       title: "Review the migration"
#|       role: reviewer
#|       depends_on: [rehearse]
`;

/** Writes the example into `dir` unless a file of that name is there already. */
export async function writeExampleTemplates(dir: string): Promise<{ file: string; created: boolean }> {
  const file = path.join(dir, EXAMPLE_TEMPLATE_FILE);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(file, EXAMPLE_TEMPLATE_YAML, { flag: 'wx' });
    return { file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { file, created: false };
    throw new OrchestratorError(`Could not write ${file}: ${(error as Error).message}`, {
      code: 'IO',
      hint: 'Check that the folder exists and is writable.',
      cause: error,
    });
  }
}
