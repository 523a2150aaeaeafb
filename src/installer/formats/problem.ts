/** Where and why a config file does not parse, or cannot be edited safely; line and column count from 1. */
export interface ParseProblem {
  message: string;
  line: number;
  column: number;
}

export class ConfigParseError extends Error {
  constructor(readonly problem: ParseProblem) {
    super(`${problem.message} at line ${problem.line}, column ${problem.column}`);
    this.name = 'ConfigParseError';
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** A problem at an offset of the text. */
export function problemAt(text: string, offset: number, message: string): ConfigParseError {
  return new ConfigParseError({ message, ...lineColumn(text, offset) });
}
