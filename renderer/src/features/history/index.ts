export { CallHistory } from './CallHistory';
export { LinkedRecords } from './LinkedRecords';
export { useScreenPopLinks } from './use-screen-pop-links';
export { loadScreenPopLinks, linkableNumber, type LinksOutcome, type ScreenPopApi, type ScreenPopLinksDeps } from './screen-pop-links';
export { HistorySearchPanel } from './HistorySearchPanel';
export { HistorySearchTab } from './HistorySearchTab';
export type { HistorySearchApi, HistorySearchDeps } from './history-search-service';
