#!/usr/bin/env bash
# Build step of capture and replay (Maven prepare-package, before the bundle): the man pages and the bash
# completion of one program, generated from the picocli model the program runs (CommandDocs.java), into
#   TARGET/share/man/man1/NAME.1, NAME-SUBCOMMAND.1   (troff: picocli-codegen's AsciiDoc, then asciidoctor)
#   TARGET/share/bash-completion/completions/NAME       (picocli's AutoComplete; zsh: via bashcompinit)
# which the bundle copies to share/ and the Debian package to /usr/share.
#   make-docs.sh TARGET CLASS#METHOD CLASSPATH OUTPUT_TIMESTAMP
# OUTPUT_TIMESTAMP (project.build.outputTimestamp) is the pages' date, so two builds give the same pages.
set -euo pipefail
target=$1; factory=$2; classpath=$3; stamp=$4
here=$(cd "$(dirname "$0")" && pwd -P)
java=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-/usr}}/bin/java
command -v asciidoctor >/dev/null || { echo "make-docs: asciidoctor missing (apt-get install asciidoctor; scripts/setup.sh installs it)" >&2; exit 5; }
codegen=$(ls "$target"/docs-tools/picocli-codegen-*.jar 2>/dev/null | head -1)
[ -n "$codegen" ] || { echo "make-docs: no picocli-codegen jar in $target/docs-tools (copied by the dependency plugin)" >&2; exit 5; }
rm -rf "$target/docs" "$target/share"
mkdir -p "$target/docs/adoc" "$target/share/man/man1" "$target/share/bash-completion/completions"
"$java" -cp "$classpath:$codegen" "$here/CommandDocs.java" "$factory" "$target/docs/adoc" "$target/share/bash-completion/completions"
# a completion script is sourced, never run: no #! line (Debian policy, lintian bash-completion-with-hashbang)
sed -i '1{/^#!/d}' "$target"/share/bash-completion/completions/*
epoch=$(date -u -d "$stamp" +%s)
SOURCE_DATE_EPOCH=$epoch asciidoctor --failure-level WARN -b manpage -D "$target/share/man/man1" "$target"/docs/adoc/*.adoc
echo "make-docs: $(ls "$target/share/man/man1" | wc -l) man pages, completion $(ls "$target/share/bash-completion/completions")" >&2
