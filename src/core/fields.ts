import { z } from 'zod';
import { FIELD_LIMITS as LIMITS } from './constants.js';
import { tagSchema, taskIdSchema } from './schemas.js';

// The fields that the operations' inputs and the MCP tools' arguments share, each with its limit from
// FIELD_LIMITS. A face adds its own description (`.describe`) and optionality; the rule stays here.

export const titleField = z.string().trim().min(1, 'a task needs a title').max(LIMITS.title);
export const descriptionField = z.string().max(LIMITS.description);
/** A description that must say something: a plan's goal, a compatibility tool's task. */
export const requiredDescriptionField = z.string().trim().min(1).max(LIMITS.description);
export const complexityField = z.string().max(LIMITS.complexity);
export const effortField = z.string().max(LIMITS.effort);
export const reasonField = z.string().max(LIMITS.reason);
export const resultField = z.string().max(LIMITS.result);
export const summaryField = z.string().trim().min(1, 'a summary is needed').max(LIMITS.summary);
export const errorField = z.string().trim().min(1).max(LIMITS.error);
export const detailedWorkField = z.string().min(1).max(LIMITS.detailedWork);
export const contextField = z.string().max(LIMITS.context);
export const searchField = z.string().min(1).max(LIMITS.search);
export const filePathsField = z.array(z.string().min(1).max(LIMITS.filePath)).max(LIMITS.filePaths);
export const dependencyListField = z.array(taskIdSchema).max(LIMITS.dependencies);
export const tagListField = z.array(tagSchema).max(LIMITS.tags);
/** A plan's subtask may name another by title, so its dependencies are titles or ids. */
export const subtaskReferencesField = z.array(z.string().trim().min(1).max(LIMITS.title)).max(LIMITS.subtasks);
