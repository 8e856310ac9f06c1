export { FreezeLookupPanel } from './FreezeLookupPanel';
export { FreezeLookupTab } from './FreezeLookupTab';
export type { FreezeApi, LookupDeps } from './lookup-service';
