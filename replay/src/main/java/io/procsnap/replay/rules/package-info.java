/**
 * Rules: stateless checks over a snapshot that name a root cause with evidence paths, or say honestly
 * that they could not be evaluated and why (JMC's rule model).
 *
 * <p>Every rule has a stable kebab-case id, a name, thresholds with defaults (overridable as
 * {@code --threshold <id>.<name>=<value>}) and returns a {@link io.procsnap.replay.rules.RuleResult}:
 * findings, OK, or NOT_EVALUATED with the reasons ({@code proc/sysvipc/msg timed out after 2.0 s}).
 * {@link io.procsnap.replay.rules.Rules#all()} lists them; {@link io.procsnap.replay.rules.Diagnosis} runs them,
 * orders findings by severity and notes when the capture was cut off or salvaged. All rules run on all
 * fixture scenarios against one reviewed baseline, {@code fixtures/golden/rules-baseline.txt}.
 */
package io.procsnap.replay.rules;
