/**
 * Rules: stateless checks over a snapshot that name a root cause with evidence paths, or say honestly
 * that they could not be evaluated and why (JMC's rule model).
 *
 * <p>Every rule has a stable id ({@link io.procsnap.replay.rules.RuleId}, printed kebab-case), a name, thresholds with defaults (overridable as
 * {@code --threshold <id>.<name>=<value>}) and returns a {@link io.procsnap.replay.rules.RuleResult}:
 * findings, OK, or NOT_EVALUATED with the reasons ({@code proc/sysvipc/msg timed out after 2.0 s}).
 * {@link io.procsnap.replay.rules.Rules#all()} lists them; {@link io.procsnap.replay.rules.Diagnosis} runs them,
 * orders findings by severity and notes when the capture was cut off or salvaged. All rules run on all
 * fixture scenarios against one reviewed baseline, {@code fixtures/golden/rules-baseline.txt}.
 *
 * <p>A {@link io.procsnap.replay.rules.Finding} carries what it concluded as structure: the
 * {@link io.procsnap.replay.rules.Subject} it is about (a queue, a pool, a mount, ...) and its
 * {@link io.procsnap.replay.rules.Related} objects with their parts (senders, consumer, socket, listener,
 * blocked threads, likely holders). The report's graph, {@code fleet} and {@code --json} read those, never
 * the summary or the evidence text.
 */
package io.procsnap.replay.rules;
