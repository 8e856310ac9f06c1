export { SupervisorSwitch } from './SupervisorSwitch';
export { SupervisorScreen, SupervisorView } from './SupervisorView';
export type { SupervisorApi } from './use-supervisor-data';
