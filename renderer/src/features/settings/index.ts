export { CacheNotice } from './CacheNotice';
export { RecordStoreBanner, RecordStoreGate } from './RecordStoreGate';
export { SettingsButton } from './SettingsButton';
