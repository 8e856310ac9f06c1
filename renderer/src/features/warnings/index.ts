export { WarningsSidebarTab, WarningsTab } from './WarningsTab';
export type { WarningsApi } from './use-warning-queue';
