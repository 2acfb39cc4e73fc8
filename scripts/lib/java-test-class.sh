#!/usr/bin/env bash
# Runs one of the project's tool classes (compiled with the tests) on the test class path, with the
# Gatling JVM's flags (.gatling/jvm.options): scripts/lib/java-test-class.sh CLASS [ARGS...]
# Compiles first; the class path is Maven's own (dependency:build-classpath), cached in target/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
class="$1"
shift
cp_file="$root/target/test-classpath.txt"
"$root/mvnw" -B -q -f "$root/pom.xml" test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
exec java "@$root/.gatling/jvm.options" -cp "$root/target/test-classes:$root/target/classes:$(cat "$cp_file")" "$class" "$@"
