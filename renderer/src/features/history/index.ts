export { CallHistory } from './CallHistory';
