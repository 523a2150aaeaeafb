export { createDashboardHandler, type DashboardDeps, type DashboardHandler } from './handler.js';
export { startDashboard, type RunningDashboard } from './server.js';
export { changeFeed } from './feed.js';
export type { SecuritySettings } from './security.js';
export type { ChangeFeed, TaskChange } from './live.js';
