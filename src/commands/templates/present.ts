import type { Template, TemplateProblem } from '../../templates/index.js';
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';
import { color, symbols } from '../../ui/theme.js';
import { displayPath } from '../../ui/paths.js';
import { printProblemsNote, sourceLabel } from '../yaml-catalog.js';
import type { ApplyResult } from '../../templates/apply.js';

// Text for people and the --json shapes documented in docs/templates.md. Optional fields are null in JSON, never
// missing.

export function templateJson(template: Template) {
  return {
    name: template.name,
    description: template.description,
    source: template.source,
    file: template.file ?? null,
    line: template.line ?? null,
    overrides: (template.overrides ?? []).map((origin) => ({ source: origin.source, file: origin.file ?? null, line: origin.line ?? null })),
    parameters: template.parameters.map((parameter) => ({
      name: parameter.name,
      description: parameter.description,
      default: parameter.default ?? null,
      required: parameter.default === undefined,
    })),
    plan: { ...template.plan },
    subtasks: template.subtasks.map(({ line: _line, roleLine: _roleLine, ...subtask }) => ({ ...subtask })),
  };
}

function parameterList(template: Template): string {
  if (template.parameters.length === 0) return '—';
  return template.parameters.map((parameter) => (parameter.default === undefined ? parameter.name : `[${parameter.name}]`)).join(' ');
}

export function printTemplateList(out: Output, templates: readonly Template[], problems: readonly TemplateProblem[], cwd: string): void {
  const lines = renderTable(
    templates,
    [
      { header: 'NAME', value: (template) => template.name },
      { header: 'SOURCE', value: sourceLabel, style: (text, template) => (template.source === 'built-in' ? color.dim(text) : color.cyan(text)) },
      { header: 'PARAMETERS', value: parameterList, max: 32 },
      { header: 'DESCRIPTION', value: (template) => template.description, max: 64 },
    ],
    { header: color.bold },
  );
  for (const line of lines) out.line(line);
  out.line();
  out.line(color.dim('[name] has a default. `orchestrator templates show NAME` shows one in full.'));
  printProblemsNote(out, 'template', problems, cwd);
}

export function printTemplate(out: Output, template: Template, cwd: string): void {
  out.line(`${color.bold(template.name)}  ${color.dim(sourceLabel(template))}`);
  out.line(template.description);
  if (template.file) out.line(color.dim(`file: ${displayPath(template.file, cwd)}${template.line ? `:${template.line}` : ''}`));
  out.line();
  out.line(color.bold('Parameters'));
  if (template.parameters.length === 0) out.line('  none');
  for (const parameter of template.parameters) {
    const usage = parameter.default === undefined ? 'required' : `default: ${parameter.default === '' ? '(empty)' : parameter.default}`;
    out.line(`  ${parameter.name}  ${parameter.description} ${color.dim(`(${usage})`)}`);
  }
  out.line();
  out.line(`${color.bold('Plan')}  ${template.plan.title}${template.plan.priority ? color.dim(`  ${template.plan.priority}`) : ''}`);
  for (const line of template.plan.description.trimEnd().split('\n')) out.line(`  ${line}`);
  out.line();
  out.line(color.bold('Subtasks'));
  const lines = renderTable(
    template.subtasks,
    [
      { header: 'KEY', value: (subtask) => subtask.key },
      { header: 'ROLE', value: (subtask) => subtask.role ?? '—' },
      { header: 'AFTER', value: (subtask) => subtask.dependsOn.join(', ') || '—' },
      { header: 'EFFORT', value: (subtask) => subtask.effort ?? '' },
      { header: 'TITLE', value: (subtask) => subtask.title, max: 60 },
    ],
    { header: color.dim },
  );
  for (const line of lines) out.line(`  ${line}`);
  out.line();
  const example = template.parameters
    .filter((parameter) => parameter.default === undefined)
    .map((parameter) => ` --param ${parameter.name}="..."`)
    .join('');
  out.line(color.dim(`Apply it: orchestrator templates apply ${template.name}${example}`));
}

export function printApplied(out: Output, result: ApplyResult): void {
  const { plan, subtasks } = result.planned;
  const verb = result.dryRun ? 'Would create' : `${color.green(symbols.ok)} Created`;
  const under = plan.parentId ? ` under ${plan.parentId}` : '';
  out.line(
    `${verb} plan ${color.bold(plan.id)} "${plan.title}"${under} from template ${result.template}, with ${subtasks.length} subtask${subtasks.length === 1 ? '' : 's'}:`,
  );
  const keyToId = new Map(subtasks.map((subtask) => [subtask.key, subtask.id]));
  const lines = renderTable(
    subtasks,
    [
      { header: 'ID', value: (subtask) => subtask.id },
      { header: 'ROLE', value: (subtask) => subtask.role ?? '—' },
      { header: 'AFTER', value: (subtask) => subtask.dependsOn.map((key) => keyToId.get(key) ?? key).join(', ') || '—' },
      { header: 'TITLE', value: (subtask) => subtask.title, max: 64 },
    ],
    { header: color.dim },
  );
  for (const line of lines) out.line(`  ${line}`);
  if (result.dryRun) out.note('Dry run: nothing was changed. The ids are the ones the tasks would get now.');
  else out.line(color.dim(`Next: orchestrator tasks next --parent ${plan.id}   (or let your agents pick the work up)`));
}
