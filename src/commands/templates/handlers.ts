import type { Command } from 'commander';
import { writeExampleTemplates } from '../../templates/example.js';
import { loadTemplates } from '../../templates/index.js';
import { createPrompter } from '../../ui/prompts.js';
import { commandContext, defaultWorker } from '../context.js';
import { problemLine } from '../../ui/paths.js';
import { templatesContext } from './context.js';
import { printApplied, printTemplate, printTemplateList, templateJson } from './present.js';
import { printProblemsNote, problemJson, reportExample, reportValidation } from '../yaml-catalog.js';
import { findTemplate } from '../../templates/apply.js';
import { runTemplatesApply, runTemplatesValidate } from './run.js';

// Each handler turns commander's options into one call and prints the result as text or as the JSON shape
// documented in docs/templates.md.

export async function list(_options: unknown, command: Command): Promise<void> {
  const ctx = templatesContext(command);
  const catalog = await loadTemplates(ctx.load);
  if (ctx.json) {
    const folders = { project: ctx.folders.project.dir, user: ctx.folders.user.dir };
    ctx.out.json({
      templates: catalog.list().map(templateJson),
      problems: catalog.problems.map((problem) => problemJson('template', problem)),
      folders,
    });
  } else {
    printTemplateList(ctx.out, catalog.list(), catalog.problems, ctx.cwd);
  }
}

export async function show(name: string, _options: unknown, command: Command): Promise<void> {
  const ctx = templatesContext(command);
  const catalog = await loadTemplates(ctx.load);
  const template = findTemplate(catalog, name, (problem) => problemLine(problem, ctx.cwd));
  if (ctx.json) ctx.out.json({ template: templateJson(template) });
  else printTemplate(ctx.out, template, ctx.cwd);
}

interface ApplyOptions {
  param?: Record<string, string>;
  parent?: string;
  dryRun?: boolean;
}

export async function apply(name: string, options: ApplyOptions, command: Command): Promise<void> {
  const ctx = templatesContext(command);
  const catalog = await loadTemplates(ctx.load);
  // A dry run reads the store only, but a store not created yet is as good as an empty one.
  const tasks = commandContext(command, 'writes');
  const result = await runTemplatesApply(
    { name, params: options.param ?? {}, parentId: options.parent, dryRun: Boolean(options.dryRun) },
    {
      catalog,
      service: tasks.service,
      actor: defaultWorker(),
      prompter: createPrompter({ flags: ['--param <name>=<value>'] }),
      problemLine: (problem) => problemLine(problem, ctx.cwd),
    },
  );
  if (ctx.json) ctx.out.json(result);
  else {
    printProblemsNote(ctx.out, 'template', catalog.problems, ctx.cwd);
    printApplied(ctx.out, result);
  }
}

export async function validate(files: string[], _options: unknown, command: Command): Promise<void> {
  const ctx = templatesContext(command);
  reportValidation(ctx, 'template', await runTemplatesValidate(files, ctx), (file) => file.templates);
}

export async function init(_options: unknown, command: Command): Promise<void> {
  const ctx = templatesContext(command);
  reportExample(ctx, await writeExampleTemplates(ctx.folders.project.dir), 'an example template, commented out. Uncomment it to try it.');
}
