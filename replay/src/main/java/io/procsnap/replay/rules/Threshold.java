package io.procsnap.replay.rules;

/**
 * A tunable number of a rule, overridable with {@code --threshold <rule-id>.<name>=<value>}.
 *
 * @param name         kebab-case name, unique within the rule
 * @param defaultValue used when not overridden
 * @param description  what it means, with its unit
 */
public record Threshold(String name, double defaultValue, String description) {
}
