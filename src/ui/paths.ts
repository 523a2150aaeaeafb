import path from 'node:path';
import { problemText, type FileProblem } from '../errors.js';

/** A path as a person in `cwd` would type it: relative when it is below cwd. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `file:line: message`, with the file as a person in `cwd` would type it. */
export function problemLine(problem: FileProblem, cwd: string): string {
  return problemText(problem, displayPath(problem.file, cwd));
}
