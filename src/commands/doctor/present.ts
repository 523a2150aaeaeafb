import stringWidth from 'string-width';
import type { CheckStatus, DoctorReport, FixRecord } from '../../diagnostics/index.js';
import type { Output } from '../../ui/output.js';
import { color, symbols } from '../../ui/theme.js';

const MARK: Record<CheckStatus, string> = {
  ok: color.green(symbols.ok),
  warn: color.yellow(symbols.warn),
  fail: color.red(symbols.fail),
};

const FIX_MARK: Record<FixRecord['status'], string> = {
  fixed: color.green(symbols.ok),
  skipped: color.dim('–'),
  failed: color.red(symbols.fail),
};

/** The checklist: one section per check, a line per result with its fix under it, then fixes and a summary. */
export function printDoctorReport(out: Output, report: DoctorReport): void {
  let section: string | undefined;
  let width = 0;
  for (const result of report.results) {
    if (result.check !== section) {
      if (section !== undefined) out.line();
      section = result.check;
      // Aligned per section: the long client titles would otherwise push every other section's messages right.
      width = Math.max(0, ...report.results.filter((other) => other.check === section).map((other) => stringWidth(other.title)));
      out.line(color.bold(report.checks.find((check) => check.id === result.check)?.title ?? result.check));
    }
    const title = result.title + ' '.repeat(width - stringWidth(result.title));
    const indent = ' '.repeat(width + 6);
    const [first, ...rest] = messageLines(result.message);
    const style = (text: string) => (result.status === 'ok' ? text : paint(result.status, text));
    out.line(`  ${MARK[result.status]} ${title}  ${style(first ?? '')}`);
    for (const line of rest) out.line(`${indent}${style(line)}`);
    if (result.fix && result.status !== 'ok') out.line(`${indent}${color.dim(`→ ${result.fix}`)}`);
  }
  if (report.fixes.length > 0) {
    out.line();
    out.line(color.bold('Fixes'));
    for (const record of report.fixes) out.line(`  ${FIX_MARK[record.status]} ${record.message}`);
  }
  out.line();
  out.line(summaryLine(report));
}

const MAX_MESSAGE_LINES = 8;

/** A long message (such as a list of schema errors) is cut in the checklist; --json carries all of it. */
function messageLines(message: string): string[] {
  const lines = message.split('\n');
  if (lines.length <= MAX_MESSAGE_LINES) return lines;
  return [...lines.slice(0, MAX_MESSAGE_LINES), color.dim(`… ${lines.length - MAX_MESSAGE_LINES} more lines (--json shows all)`)];
}

export function summaryLine({ summary }: DoctorReport): string {
  const total = summary.ok + summary.warn + summary.fail;
  if (summary.fail === 0 && summary.warn === 0) return color.green(`${symbols.ok} All ${total} checks passed.`);
  const parts = [
    ...(summary.fail > 0 ? [`${summary.fail} failed`] : []),
    ...(summary.warn > 0 ? [`${summary.warn} warning${summary.warn === 1 ? '' : 's'}`] : []),
    `${summary.ok} ok`,
  ];
  return summary.fail > 0 ? color.red(`${symbols.fail} ${parts.join(', ')}.`) : color.yellow(`${symbols.warn} ${parts.join(', ')}.`);
}

function paint(status: CheckStatus, text: string): string {
  return status === 'fail' ? color.red(text) : color.yellow(text);
}
