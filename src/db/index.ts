// `orchestrator db`: backup, restore, export and optimise of the task store. Each is a plain function over a
// TaskService that returns data for src/commands/db to print.
export { runOptimize, type Footprint, type OptimizeReport, type OptimizeRequest } from './optimize.js';
export { readSnapshot, runBackup, runRestore, type RestoreReport, type SnapshotSummary } from './snapshots.js';
export { runExport, type ExportData, type ExportedTask } from './export.js';
export { runExportFolder, type FolderExport } from './export-folder.js';
export { contentHash, countOf, runMigrate, type ContentCounts, type MigrateReport } from './migrate.js';
