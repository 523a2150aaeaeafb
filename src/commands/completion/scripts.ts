import type { SHELLS } from './command.js';

// Each script hands the words typed so far (the last one being the word under the cursor, possibly empty) to
// `orchestrator __complete`, which answers one candidate per line (see complete.ts). An empty answer lets the
// shell fall back to file names, which is what an option such as --data-dir wants.

export const SCRIPTS: Record<(typeof SHELLS)[number], string> = {
  bash: `# orchestrator completion for bash: eval "$(orchestrator completion bash)"
_orchestrator_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(orchestrator __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _orchestrator_complete orchestrator
`,
  zsh: `#compdef orchestrator
# orchestrator completion for zsh: eval "$(orchestrator completion zsh)"
_orchestrator() {
  local -a candidates
  candidates=("\${(@f)$(orchestrator __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( \${#candidates} )) && [[ -n "\${candidates[1]}" ]]; then
    compadd -Q -- "\${candidates[@]}"
  else
    _files
  fi
}
if (( $+functions[compdef] )); then compdef _orchestrator orchestrator; fi
`,
  fish: `# orchestrator completion for fish: orchestrator completion fish > ~/.config/fish/completions/orchestrator.fish
function __orchestrator_complete
    set -l words (commandline -opc) (commandline -ct)
    orchestrator __complete $words[2..-1] 2>/dev/null
end
complete -c orchestrator -f -a '(__orchestrator_complete)'
`,
};
