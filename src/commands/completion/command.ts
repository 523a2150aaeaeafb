import { Argument, type Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText(
      'after',
      '\nCompletes commands, options, task ids and role names. Install it with one of:\n' +
        '  echo \'eval "$(orchestrator completion bash)"\' >> ~/.bashrc\n' +
        '  echo \'eval "$(orchestrator completion zsh)"\' >> ~/.zshrc\n' +
        '  orchestrator completion fish > ~/.config/fish/completions/orchestrator.fish',
    )
    .action(async (shell: (typeof SHELLS)[number]) => {
      const { SCRIPTS } = await import('./scripts.js');
      process.stdout.write(SCRIPTS[shell]);
    });
}
