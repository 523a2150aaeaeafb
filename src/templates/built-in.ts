/**
 * The built-in templates, in the same YAML format as everyone's template files (docs/templates.md), so that they
 * are read and checked by the same parser and serve as examples. `orchestrator templates show NAME` prints one.
 */
export const BUILT_IN_TEMPLATES_YAML = `
feature:
  description: Design, implement, test, document and review a feature
  parameters:
    feature:
      description: the feature, in a few words (for example "CSV export of reports")
    details:
      description: what it must do and for whom, the constraints, how to tell it is done
      default: ""
  plan:
    title: "Feature: {{feature}}"
    description: |
      Deliver {{feature}}: designed, built with tests, documented and reviewed.

      {{details}}
    context: |
      Work on a branch of the current code. Keep changes focused on {{feature}}; note anything else you
      find as a follow-up instead of fixing it here.
  subtasks:
    - key: design
      title: "Design {{feature}}"
      role: architect
      priority: high
      effort: 2h
      description: |
        Decide how {{feature}} fits the existing code: the components it touches, the interfaces and data it
        needs, and the options you rejected with the reason. Name the risks and how the tests will show it
        works. Keep the design short enough to review in ten minutes.
    - key: implement
      title: "Implement {{feature}}"
      role: implementer
      depends_on: [design]
      effort: 1d
      description: |
        Build {{feature}} as designed, with unit tests for the new code. Where the design turns out wrong,
        say what you changed and why in the result.
    - key: test
      title: "Test {{feature}} end to end"
      role: tester
      depends_on: [implement]
      effort: 4h
      description: |
        Test {{feature}} from the user's side: the main cases, the edge cases and the errors a user can
        cause. Report what passes, what fails and what was not covered.
    - key: document
      title: "Document {{feature}}"
      role: documenter
      depends_on: [implement]
      effort: 2h
      description: |
        Write what a user needs to use {{feature}} (where it is, what it does, an example) and update the
        reference pages it changes.
    - key: review
      title: "Review {{feature}}"
      role: reviewer
      depends_on: [test, document]
      priority: high
      effort: 1h
      description: |
        Review the change, its tests and its documentation against the design: correctness, clarity, risk.
        Approve it or list what must change, most important first.

bug-fix:
  description: Reproduce, diagnose, fix and guard a bug with a regression test
  parameters:
    bug:
      description: the bug, in a few words (for example "export drops the last row")
    report:
      description: what was seen, where, and how to make it happen, as far as known
      default: ""
  plan:
    title: "Fix: {{bug}}"
    description: |
      Find out why {{bug}} happens, fix the cause and make sure it cannot come back unnoticed.

      {{report}}
  subtasks:
    - key: reproduce
      title: "Reproduce: {{bug}}"
      role: tester
      priority: high
      effort: 2h
      description: |
        Make {{bug}} happen on purpose, with the fewest steps and the smallest input. Record the exact
        steps, the versions and what you expected against what happened. If it cannot be reproduced, say
        what you tried.
    - key: diagnose
      title: "Find the cause of {{bug}}"
      role: debugger
      depends_on: [reproduce]
      priority: high
      effort: 4h
      description: |
        From the reproduction, find the cause: the line or assumption that is wrong, and why it went
        unnoticed. Name every other place the same mistake could hide.
    - key: fix
      title: "Fix {{bug}}"
      role: implementer
      depends_on: [diagnose]
      priority: high
      effort: 4h
      description: |
        Fix the cause found in the diagnosis, at the right depth: not only the symptom. Keep the change as
        small as the cause allows.
    - key: regression-test
      title: "Regression test for {{bug}}"
      role: tester
      depends_on: [fix]
      effort: 2h
      description: |
        Write an automated test that fails without the fix and passes with it, using the reproduction.
        Check it fails when the fix is reverted, then run the whole suite.

refactor:
  description: Restructure code without changing what it does, behind a safety net of tests
  parameters:
    target:
      description: the code to restructure (a module, a class, a flow)
    goal:
      description: what the new structure should make easier
      default: making the next change easier and safer
  plan:
    title: "Refactor {{target}}"
    description: |
      Restructure {{target}} for {{goal}}, without changing its behaviour.
    context: |
      Behaviour must not change: every step keeps the tests green, and anything that would change behaviour
      is a separate task.
  subtasks:
    - key: map
      title: "Map {{target}} and plan the steps"
      role: architect
      effort: 2h
      description: |
        Describe how {{target}} is built today and who depends on it, the structure you want instead, and a
        sequence of small steps that each keep the code working.
    - key: safety-net
      title: "Pin down the behaviour of {{target}} with tests"
      role: tester
      depends_on: [map]
      effort: 4h
      description: |
        Add tests that pin down what {{target}} does now, including the odd cases its callers rely on, so
        that any change of behaviour during the refactoring fails a test.
    - key: restructure
      title: "Restructure {{target}}"
      role: implementer
      depends_on: [safety-net]
      effort: 1d
      description: |
        Carry out the planned steps one at a time, running the tests after each. Do not mix in fixes or
        features; write them down as follow-ups.
    - key: review
      title: "Review the refactoring of {{target}}"
      role: reviewer
      depends_on: [restructure]
      effort: 1h
      description: |
        Check that behaviour is unchanged (tests, callers, public interfaces) and that the new structure
        reaches the goal: {{goal}}.

research-spike:
  description: Answer a question with evidence in a fixed time, and recommend what to do
  parameters:
    question:
      description: the question to answer (for example "which queue library fits our load")
    timebox:
      description: the time the spike may take
      default: 1d
  plan:
    title: "Spike: {{question}}"
    description: |
      Answer "{{question}}" within {{timebox}}, with enough evidence to decide, and recommend what to do.
    context: |
      This is a spike: its product is a decision and the evidence for it, not production code. Stop at the
      timebox and report what is known.
  subtasks:
    - key: frame
      title: "Frame the question: {{question}}"
      role: researcher
      priority: high
      effort: 1h
      description: |
        State the question precisely, the criteria a good answer must meet, the options to consider and
        what is out of scope.
    - key: gather
      title: "Gather evidence on the options"
      role: researcher
      depends_on: [frame]
      effort: "{{timebox}}"
      description: |
        For each option, collect evidence against the criteria: documentation, benchmarks, known problems,
        experience reports. Cite the sources.
    - key: prototype
      title: "Prototype the riskiest option"
      role: implementer
      depends_on: [frame]
      effort: "{{timebox}}"
      description: |
        Build the smallest throwaway prototype that tests the riskiest assumption of the most promising
        option. Report what worked, what did not and the numbers.
    - key: recommend
      title: "Recommend an answer to: {{question}}"
      role: architect
      depends_on: [gather, prototype]
      priority: high
      effort: 2h
      description: |
        Weigh the evidence and the prototype against the criteria, recommend one option with its costs and
        risks, and list the first steps to take.

release:
  description: Prepare, verify, publish and announce a release
  parameters:
    version:
      description: the version to release (for example "2.4.0")
    previous:
      description: the last release, to compare against
      default: the last release
  plan:
    title: "Release {{version}}"
    description: |
      Release version {{version}}: what changed since {{previous}} written down, the build verified,
      published, and announced.
  subtasks:
    - key: notes
      title: "Write the release notes for {{version}}"
      role: documenter
      effort: 2h
      description: |
        List every change since {{previous}} that users notice: new features, fixes, and anything that
        breaks or needs action when upgrading, with what to do.
    - key: verify
      title: "Verify the build of {{version}}"
      role: tester
      priority: high
      effort: 4h
      description: |
        Run the full test suite on a clean checkout, install the release candidate as a user would, and
        check upgrading from {{previous}}. Report anything that blocks the release.
    - key: prepare
      title: "Prepare {{version}}: version number, changelog, tag"
      role: implementer
      depends_on: [notes, verify]
      effort: 1h
      description: |
        Set the version to {{version}} everywhere it is recorded, add the notes to the changelog, and
        create the release commit and tag.
    - key: review
      title: "Review the release of {{version}}"
      role: reviewer
      depends_on: [prepare]
      priority: high
      effort: 1h
      description: |
        Check the release commit, the tag, the notes and the verification report before anything is
        published. Approve, or say what must change.
    - key: publish
      title: "Publish {{version}}"
      role: implementer
      depends_on: [review]
      priority: high
      effort: 1h
      description: |
        Publish {{version}} to where users get it, then install it from there and check that it works.
    - key: announce
      title: "Announce {{version}}"
      role: documenter
      depends_on: [publish]
      effort: 1h
      description: |
        Tell users that {{version}} is out, what changed for them, and how to upgrade.

git-workflow:
  description: A change through git from branch to merge - commits, pull request, review
  parameters:
    change:
      description: the change, in a few words
    branch:
      description: the branch to work on
    base:
      description: the branch to start from and merge into
      default: main
  plan:
    title: "{{change}} (branch {{branch}})"
    description: |
      Make {{change}} on the branch {{branch}}, from {{base}} to a reviewed merge back into {{base}}.
    context: |
      Branch: {{branch}}. Base: {{base}}. Commit in small steps whose messages say why; never rewrite
      history others have pulled.
  subtasks:
    - key: branch
      title: "Create the branch {{branch}} from {{base}}"
      role: implementer
      effort: 15m
      description: |
        Update {{base}} from the remote and create {{branch}} from it. Push the branch so the work is
        visible and backed up.
    - key: commits
      title: "Make the change in commits: {{change}}"
      role: implementer
      depends_on: [branch]
      effort: 1d
      description: |
        Make {{change}} in small commits that each build and pass the tests, with messages that say why.
        Merge or rebase {{base}} in when it moves, and push regularly.
    - key: pull-request
      title: "Open the pull request for {{branch}}"
      role: implementer
      depends_on: [commits]
      effort: 30m
      description: |
        Open a pull request from {{branch}} into {{base}}: what changed, why, how it was tested, and what
        reviewers should look at first. Make sure the checks pass.
    - key: review
      title: "Review the pull request for {{branch}}"
      role: reviewer
      depends_on: [pull-request]
      priority: high
      effort: 1h
      description: |
        Review the pull request: correctness, tests, clarity, risk. Approve it, or request changes with the
        reason for each.
    - key: merge
      title: "Merge {{branch}} into {{base}}"
      role: implementer
      depends_on: [review]
      effort: 15m
      description: |
        Once approved and green, bring {{branch}} up to date with {{base}}, merge it, check the result on
        {{base}}, and delete the branch.
`;
