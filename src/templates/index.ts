export type { Template, TemplateCatalog, TemplateParameter, TemplateProblem, TemplateSource, TemplateSubtask } from './types.js';
export {
  builtInTemplates,
  checkTemplateRoles,
  createTemplateCatalog,
  dedupeTemplates,
  loadTemplates,
  readTemplateLayers,
  templateFolders,
  type LoadTemplatesOptions,
  type TemplateFolder,
  type TemplateLayers,
} from './catalog.js';
export { checkParameters, fill, PLAN_REF, renderTemplate, resolveParameters, type ResolvedParameters } from './render.js';
export { listTemplateFiles, readTemplateFile } from './template-files.js';
