/** The file `orchestrator roles init` writes into the project's roles folder. */
export const EXAMPLE_FILE_NAME = 'example.yaml';

/**
 * Every line is a comment, so the file adds no role until someone uncomments a part of it. The two blocks are
 * marked with "#| " (format 1) and "#> " (format 2) so that tests can uncomment them and prove they load.
 */
export const EXAMPLE_ROLES_YAML = `# Custom specialist roles for this project.
#
# Every *.yaml or *.yml file in this folder is read; roles here override user roles
# (ORCHESTRATOR_HOME/roles) and built-in roles of the same name, role by role. Role names are
# lowercase letters, digits, "_" and "-". Check your files with: orchestrator roles validate
# The formats are described in docs/roles.md of the orchestrator documentation.
#
# A file holds roles in one of two formats.
#
# Format 1: one top-level key per role. A file may hold many roles. To try it, remove the "#| "
# in front of the lines below.
#
#| performance_engineer:
#|   description: Finds where time and memory go and makes the hot paths faster   # optional
#|   role_definition: >-
#|     You are a performance engineer. You measure before you change anything, fix the
#|     bottleneck that matters, and prove the gain with numbers.
#|   expertise:
#|     - Profiling CPU, memory and I/O
#|     - Benchmarks that are repeatable and fair
#|     - Caching, batching and algorithmic complexity
#|   approach:
#|     - Define the workload and the target (latency, throughput, memory).
#|     - Measure the current state and find the biggest cost.
#|     - Change one thing at a time and measure again.
#|     - Keep the change only if the numbers improve and the code stays clear.
#|   output_format: >-
#|     The workload, the measurements before and after (with how they were taken), the
#|     changes made, and what else could be gained.
#
# Format 2: one role per file, described by name. Put it in a file of its own (for example
# security_auditor.yaml) and remove the "#> " in front of each line below. The role name is made from
# "name": "Security Auditor" becomes security_auditor. "prompts" become the role's approach; the
# role definition is made from "description" unless you add role_definition; output_format is
# optional too.
#
#> name: Security Auditor
#> description: Specialized in security analysis and vulnerability assessment
#> expertise:
#>   - OWASP security standards
#>   - Penetration testing methodologies
#>   - Secure coding practices
#> prompts:
#>   - Focus on security implications of all recommendations
#>   - Identify potential vulnerabilities and mitigation strategies
#>   - Ensure compliance with industry security standards
`;
