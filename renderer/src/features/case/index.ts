export { CasePanel } from './CasePanel';
export { AgentStateControl } from './AgentStateControl';
