package io.procsnap.capture.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Masks secrets in command lines (and environments) before they reach the archive. A command line is
 * the raw content of {@code /proc/PID/cmdline}: arguments separated by NUL bytes, in any encoding.
 * The text is handled as ISO-8859-1, so every byte that is not part of a secret stays as it was.
 *
 * <p>Default rules (names are stable; they appear in the manifest's notes):
 * <table>
 * <caption>default rules</caption>
 * <tr><th>rule</th><th>masks</th><th>example (before)</th></tr>
 * <tr><td>{@code option-value}</td><td>the argument after an option naming a secret</td>
 *     <td>{@code --password hunter2}, {@code --token abc}, {@code --api-key k}, {@code --secret s}</td></tr>
 * <tr><td>{@code password}</td><td>the value after {@code password=}/{@code passwd=}/{@code passphrase=} (also {@code :})</td>
 *     <td>{@code --password=hunter2}, {@code db_password=x}</td></tr>
 * <tr><td>{@code token}</td><td>the value after {@code ...token=}</td><td>{@code access_token=abc}</td></tr>
 * <tr><td>{@code secret}</td><td>the value after {@code ...secret=}</td><td>{@code client_secret=abc}</td></tr>
 * <tr><td>{@code apikey}</td><td>the value after {@code apikey=}/{@code api_key=}/{@code api-key=}</td><td>{@code apikey=k}</td></tr>
 * <tr><td>{@code url-credentials}</td><td>the password in {@code scheme://user:pass@host}</td>
 *     <td>{@code postgres://app:hunter2@db/x}</td></tr>
 * <tr><td>{@code aws-access-key}</td><td>AWS access key ids ({@code AKIA}/{@code ASIA} + 16)</td>
 *     <td>{@code AKIAIOSFODNN7EXAMPLE}</td></tr>
 * </table>
 * A masked value becomes {@value #MASK}. Counts are kept per rule (never the values) and reported by
 * {@link #notes()} for the manifest. Instances are thread-safe.
 */
public final class Redactor {
    /** What a masked value is replaced with. */
    public static final String MASK = "***";
    /** The named group of a rule's pattern that is masked; without it the whole match is. */
    public static final String GROUP = "secret";

    private static final String VALUE = "(?<" + GROUP + ">[^\\s&;,\\u0000]+)";

    /** One redaction rule: a stable name and a pattern whose {@value #GROUP} group (or whole match) is masked. */
    public record Rule(String name, Pattern pattern) {
        public Rule {
            if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("rule name must be kebab-case [a-z0-9._-], at most 64 characters: " + name);
            }
        }

        boolean masksGroup() {
            return pattern.pattern().contains("(?<" + GROUP + ">");
        }
    }

    /** Options whose next argument is a secret: {@code --password VALUE}. */
    private static final Pattern OPTION_NAMING_A_SECRET = Pattern.compile(
            "(?i)--?[a-z0-9_.-]*(?:password|passwd|passphrase|token|secret|api[_-]?key)");

    /** {@code --password-file PATH}: the next argument names where the secret is, not the secret. */
    private static final Pattern NAMES_A_PLACE = Pattern.compile("(?i).*[_.-](?:file|path|dir|env|fd)");

    /** The rule name counting {@code --password VALUE} (two arguments). */
    public static final String OPTION_VALUE = "option-value";

    private static final List<Rule> DEFAULT_RULES = List.of(
            new Rule("password", Pattern.compile("(?i)(?:password|passwd|passphrase)[a-z0-9_.-]*[=:]" + VALUE)),
            new Rule("token", Pattern.compile("(?i)token[a-z0-9_.-]*[=:]" + VALUE)),
            new Rule("secret", Pattern.compile("(?i)secret[a-z0-9_.-]*[=:]" + VALUE)),
            new Rule("apikey", Pattern.compile("(?i)api[_-]?key[a-z0-9_.-]*[=:]" + VALUE)),
            new Rule("url-credentials", Pattern.compile(
                    "[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@\\u0000]*:(?<" + GROUP + ">[^/\\s@\\u0000]+)@")),
            new Rule("aws-access-key", Pattern.compile("(?<![A-Z0-9])(?<" + GROUP + ">(?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])")));

    /**
     * Per default rule (same order as {@link #DEFAULT_RULES}), literals of which every match contains
     * at least one: an argument containing none of them cannot match, so its regex scan is skipped
     * (the same result; most arguments contain no '=', ':', "://" or AWS key prefix). The regex code
     * runs a few hundred times per capture, mostly interpreted, so the scans were costly.
     */
    private static final List<String[]> DEFAULT_NEEDS = List.of(
            new String[] {"=", ":"}, new String[] {"=", ":"}, new String[] {"=", ":"}, new String[] {"=", ":"},
            new String[] {"://"}, new String[] {"AKIA", "ASIA"});

    private final boolean enabled;
    private final List<Rule> rules;
    /** Per rule: {@link Rule#masksGroup}, computed once. */
    private final boolean[] masksGroup;
    /** Per rule: literals one of which a match must contain, or null (a custom rule: always scanned). */
    private final String[][] needs;
    private final Map<String, LongAdder> counts;

    private Redactor(boolean enabled, List<Rule> rules) {
        this(enabled, rules, true);
    }

    private Redactor(boolean enabled, List<Rule> rules, boolean prefilter) {
        this.enabled = enabled;
        this.rules = List.copyOf(rules);
        this.masksGroup = new boolean[this.rules.size()];
        this.needs = new String[this.rules.size()][];
        for (int i = 0; i < masksGroup.length; i++) {
            Rule r = this.rules.get(i);
            masksGroup[i] = r.masksGroup();
            int d = defaultIndex(r);
            needs[i] = prefilter && d >= 0 ? DEFAULT_NEEDS.get(d) : null;
        }
        Map<String, LongAdder> c = new LinkedHashMap<>();
        c.put(OPTION_VALUE, new LongAdder());
        for (Rule r : this.rules) {
            c.put(r.name(), new LongAdder());
        }
        this.counts = Collections.unmodifiableMap(c);
    }

    /**
     * Position of this very rule object among the defaults, or -1. Compared by identity, not with
     * {@code indexOf}: a record's {@code equals} is linked through invokedynamic on its first call,
     * which spins method-handle classes the AOT cache does not hold (12 ms of every start).
     */
    private static int defaultIndex(Rule r) {
        for (int d = 0; d < DEFAULT_RULES.size(); d++) {
            if (DEFAULT_RULES.get(d) == r) {
                return d;
            }
        }
        return -1;
    }

    /** The documented default rules, enabled. */
    public static Redactor defaults() {
        return new Redactor(true, DEFAULT_RULES);
    }

    /** The default rules with every argument scanned by every rule (no literal pre-check): for tests. */
    static Redactor defaultsUnfiltered() {
        return new Redactor(true, DEFAULT_RULES, false);
    }

    /** Redaction turned off ({@code --no-redact}): content passes unchanged and nothing is counted. */
    public static Redactor disabled() {
        return new Redactor(false, DEFAULT_RULES);
    }

    /** The default rules' names, in order, {@value #OPTION_VALUE} first. */
    public static List<String> defaultRuleNames() {
        List<String> names = new ArrayList<>();
        names.add(OPTION_VALUE);
        DEFAULT_RULES.forEach(r -> names.add(r.name()));
        return names;
    }

    /**
     * A copy with one more rule. {@code spec} is {@code NAME=REGEX} or just {@code REGEX} (named
     * {@code custom-N}); a group named {@value #GROUP} limits what is masked to that group.
     *
     * @throws IllegalArgumentException when the regex does not compile or the name is taken
     */
    public Redactor withPattern(String spec) {
        String name;
        String regex;
        int eq = spec.indexOf('=');
        if (eq > 0 && spec.substring(0, eq).matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            name = spec.substring(0, eq);
            regex = spec.substring(eq + 1);
        } else {
            name = "custom-" + (rules.size() - DEFAULT_RULES.size() + 1);
            regex = spec;
        }
        if (counts.containsKey(name)) {
            throw new IllegalArgumentException("redaction rule " + name + " already exists");
        }
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("empty redaction pattern for rule " + name);
        }
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("redaction pattern for rule " + name + " does not compile: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
        List<Rule> more = new ArrayList<>(rules);
        more.add(new Rule(name, p));
        return new Redactor(enabled, more);
    }

    public boolean enabled() {
        return enabled;
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Masks secrets in NUL-separated arguments ({@code /proc/PID/cmdline}, {@code environ}).
     * Returns {@code content} itself when nothing was masked or redaction is off.
     */
    public byte[] redact(byte[] content) {
        if (!enabled || content == null || content.length == 0) {
            return content;
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        String[] args = text.split("\u0000", -1);
        boolean changed = false;
        boolean nextIsSecret = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (nextIsSecret && !arg.isEmpty() && !arg.startsWith("-")) {
                args[i] = MASK;
                counts.get(OPTION_VALUE).increment();
                changed = true;
                nextIsSecret = false;
                continue;
            }
            // the option pattern starts with '-': other arguments cannot match it
            nextIsSecret = arg.startsWith("-") && OPTION_NAMING_A_SECRET.matcher(arg).matches()
                    && !NAMES_A_PLACE.matcher(arg).matches();
            String masked = maskArgument(arg);
            if (!masked.equals(arg)) {
                args[i] = masked;
                changed = true;
            }
        }
        return changed ? String.join("\u0000", args).getBytes(StandardCharsets.ISO_8859_1) : content;
    }

    private String maskArgument(String arg) {
        String s = arg;
        for (int r = 0; r < needs.length; r++) {
            if (!mayMatch(s, needs[r])) {
                continue;
            }
            Rule rule = rules.get(r);
            Matcher m = rule.pattern().matcher(s);
            StringBuilder out = null;
            int last = 0;
            boolean group = masksGroup[r];
            while (m.find()) {
                int start = group ? m.start(GROUP) : m.start();
                int end = group ? m.end(GROUP) : m.end();
                if (start < 0 || end <= start || s.startsWith(MASK, start) && end - start == MASK.length()) {
                    if (m.end() == m.start()) {
                        break;
                    }
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(s.length());
                }
                out.append(s, last, start).append(MASK);
                last = end;
                counts.get(rule.name()).increment();
            }
            if (out != null) {
                out.append(s, last, s.length());
                s = out.toString();
            }
        }
        return s;
    }

    private static boolean mayMatch(String s, String[] needs) {
        if (needs == null) {
            return true;
        }
        for (String n : needs) {
            if (s.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** Values masked so far per rule name (rules that masked nothing included, with 0). */
    public Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Total values masked so far. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /**
     * Facts for the manifest's {@code notes}: {@code redaction} ({@code on}/{@code off}),
     * {@code redaction.rules} (names in order) and {@code redaction.<rule>} (count) for every rule
     * that masked something. Never a value.
     */
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("redaction", enabled ? "on" : "off");
        if (!enabled) {
            return notes;
        }
        notes.put("redaction.rules", String.join(",", counts.keySet()));
        counts.forEach((k, v) -> {
            if (v.sum() > 0) {
                notes.put("redaction." + k, Long.toString(v.sum()));
            }
        });
        return notes;
    }
}
