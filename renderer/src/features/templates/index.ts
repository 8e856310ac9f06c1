export { guidanceTemplate, placeholderContext } from './placeholder-context';
export { searchTemplates } from './search-templates';
export { TemplatesPanel } from './TemplatesPanel';
export { TemplatesProvider, useTemplateList, type TemplatesApi } from './templates-provider';
export { TemplatesTab } from './TemplatesTab';
