export { runDoctor, type DoctorDeps, type DoctorOptions, type DoctorReport } from './run-doctor.js';
export { doctorChecks, storeChecks } from './registry.js';
export { diagnosticsContext, runtimeFacts, thisMachine, DEFAULT_THRESHOLDS } from './environment.js';
export { formatBytes, formatDuration } from './format.js';
export type { Check, CheckResult, CheckStatus, DiagnosticsContext, FixRecord, FixScope, Machine, ReportedResult, RuntimeFacts } from './types.js';
