#!/usr/bin/env python3
"""Tests of .ci/workflow-job on small workflows written here: `python3 .ci/test_workflow_job.py`."""

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "workflow-job")


class WorkflowJobTest(unittest.TestCase):
    def setUp(self):
        self.workspace = tempfile.mkdtemp(prefix="workflow-job-test-")
        self.addCleanup(shutil.rmtree, self.workspace)

    def run_job(self, steps, event="push", job_if="github.event_name == 'push'", extra=()):
        workflow = os.path.join(self.workspace, "wf.yml")
        with open(workflow, "w", encoding="utf-8") as file:
            file.write(textwrap.dedent(f"""\
                on: [push]
                jobs:
                  one:
                    if: {job_if}
                    runs-on: ubuntu-latest
                    steps:
                """) + textwrap.indent(textwrap.dedent(steps), " " * 6))
        summary = os.path.join(self.workspace, "summary.md")
        done = subprocess.run([sys.executable, RUNNER, workflow, "one", "--event", event,
                               "--workspace", self.workspace, "--summary-out", summary, *extra],
                              capture_output=True, text=True, timeout=60)
        written = None
        if os.path.exists(summary):
            with open(summary, encoding="utf-8") as file:
                written = file.read()
        return done.returncode, done.stdout + done.stderr, written

    def exists(self, name):
        return os.path.exists(os.path.join(self.workspace, name))

    def test_env_file_and_summary_carry_over_like_on_a_runner(self):
        status, output, summary = self.run_job("""\
            - uses: actions/checkout@v4
            - run: |
                echo "FOO=bar baz" >> "$GITHUB_ENV"
                { echo 'MULTI<<EOF'; echo 'line 1'; echo 'line 2'; echo 'EOF'; } >> "$GITHUB_ENV"
            - run: |
                test "$FOO" = "bar baz" && test "$MULTI" = "line 1
                line 2" && test "$CI" = true && test "$GITHUB_EVENT_NAME" = push
                echo "## summary of $FOO" >> "$GITHUB_STEP_SUMMARY"
            """, extra=["--env", "EXTRA=1"])
        self.assertEqual(0, status, output)
        self.assertEqual("## summary of bar baz\n", summary)
        self.assertIn("| 1 | actions/checkout@v4 | no: uses actions/checkout@v4, needs GitHub", output)

    def test_a_failed_step_fails_the_job_and_only_always_steps_run_after_it(self):
        status, output, _ = self.run_job("""\
            - run: echo "# s" >> "$GITHUB_STEP_SUMMARY"; exit 3
            - run: touch not-run
            - if: always()
              run: touch ran-anyway
            - if: success() || failure()
              run: touch ran-too
            """)
        self.assertEqual(1, status, output)
        self.assertIn("FAILED (exit 3)", output)
        self.assertFalse(self.exists("not-run"))
        self.assertTrue(self.exists("ran-anyway") and self.exists("ran-too"))

    def test_continue_on_error_does_not_fail_the_job(self):
        status, output, _ = self.run_job("""\
            - run: exit 1
              continue-on-error: true
            - run: echo "# s" >> "$GITHUB_STEP_SUMMARY"
            """)
        self.assertEqual(0, status, output)

    def test_an_empty_job_summary_fails_the_job(self):
        status, output, summary = self.run_job("- run: echo nothing for the summary\n")
        self.assertEqual(1, status, output)
        self.assertIn("job summary (GITHUB_STEP_SUMMARY) came out empty", output)
        self.assertEqual("", summary)

    def test_gh_steps_are_skipped_and_said(self):
        status, output, _ = self.run_job("""\
            - env:
                GH_TOKEN: ${{ github.token }}
              run: previous=$(gh run list --limit 1); touch gh-ran
            - run: echo "# s" >> "$GITHUB_STEP_SUMMARY"
            """)
        self.assertEqual(0, status, output)
        self.assertFalse(self.exists("gh-ran"))
        self.assertIn("no: calls gh", output)

    def test_default_shell_has_no_pipefail_but_shell_bash_has(self):
        status, output, _ = self.run_job("""\
            - run: false | true; echo "# s" >> "$GITHUB_STEP_SUMMARY"
            - shell: bash
              run: false | true
            """)
        self.assertEqual(1, status, output)
        self.assertIn("| 1 | false \\| true; echo", output)
        self.assertIn("| 2 | false \\| true | yes | FAILED", output)

    def test_a_step_over_its_timeout_is_stopped(self):
        status, output, _ = self.run_job("""\
            - timeout-minutes: 0.02
              run: sleep 60
            """)
        self.assertEqual(1, status, output)
        self.assertIn("TIMED OUT", output)

    def test_expressions_only_github_can_fill_in_are_refused(self):
        status, output, _ = self.run_job("- run: echo ${{ secrets.TOKEN }}\n")
        self.assertEqual(2, status, output)
        self.assertIn("only GitHub can fill in", output)
        status, output, _ = self.run_job("- if: github.ref == 'refs/heads/main'\n  run: true\n")
        self.assertEqual(2, status, output)
        self.assertIn("cannot evaluate 'github.ref'", output)

    def test_a_job_that_does_not_run_on_the_event_is_refused(self):
        status, output, _ = self.run_job("- run: touch ran\n", event="schedule")
        self.assertEqual(2, status, output)
        self.assertIn("does not run on the event 'schedule'", output)
        self.assertFalse(self.exists("ran"))

    def test_junit_report_and_upload_stand_ins_count_what_they_would_post(self):
        status, output, _ = self.run_job("""\
            - run: |
                mkdir -p out
                echo '<testsuite><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>' > out/junit.xml
                echo "# s" >> "$GITHUB_STEP_SUMMARY"
            - uses: mikepenz/action-junit-report@0123456789012345678901234567890123456789
              with:
                check_name: |
                  Gatling
                  Nothing
                report_paths: |
                  out/*.xml
                  none/*.xml
            - uses: actions/upload-artifact@v4
              with:
                path: out/
            - uses: mikepenz/action-junit-report@0123456789012345678901234567890123456789
              with:
                report_paths: none/*.xml
                require_tests: true
            """)
        self.assertEqual(1, status, output)
        self.assertIn("check 'Gatling': 1 files, 2 tests, 1 failed -> failure", output)
        self.assertIn("check 'Nothing': 0 files, 0 tests, 0 failed -> success", output)
        self.assertIn("would upload 1 files", output)
        self.assertIn("finds no test in none/*.xml: with require_tests it fails and posts no check", output)


if __name__ == "__main__":
    unittest.main(verbosity=2)
