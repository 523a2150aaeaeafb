export { createDashboardHandler, type DashboardDeps, type DashboardHandler } from './handler.js';
export { startDashboard, type RunningDashboard } from './server.js';
export type { SecuritySettings } from './security.js';
export type { TaskChange } from './live.js';
