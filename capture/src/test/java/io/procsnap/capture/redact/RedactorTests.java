package io.procsnap.capture.redact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTests {
    /** A cmdline as the kernel shows it: arguments separated by NUL, ending with NUL. */
    private static byte[] cmdline(String... args) {
        return (String.join("\u0000", args) + "\u0000").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace('\u0000', ' ').trim();
    }

    /** The literal pre-check that skips a rule's regex changes no result and no count. */
    @Test
    void literalPrecheckMasksExactlyWhatTheRegexesMask() {
        String[] parts = {"password", "PassWord", "passwd", "passphrase", "token", "TOKEN", "secret", "api_key", "apikey",
                "api-key", "=", ":", "://", "@", "/", "-", "--", "user", "x", "AKIA", "ASIA", "IOSFODNN7EXAMPLE", "0123456789ABCDEF",
                "\u00e9", " ", ";", ",", "&", "***", "_file", ".path", "postgres", "h"};
        java.util.Random random = new java.util.Random(42);
        Redactor filtered = Redactor.defaults();
        Redactor unfiltered = Redactor.defaultsUnfiltered();
        for (int i = 0; i < 20_000; i++) {
            String[] args = new String[1 + random.nextInt(4)];
            for (int a = 0; a < args.length; a++) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(6);
                for (int k = 0; k < n; k++) {
                    sb.append(parts[random.nextInt(parts.length)]);
                }
                args[a] = sb.toString();
            }
            byte[] in = cmdline(args);
            assertArrayEquals(unfiltered.redact(in.clone()), filtered.redact(in.clone()), show(in));
        }
        assertEquals(unfiltered.counts(), filtered.counts());
        assertTrue(filtered.total() > 1000, "the generated arguments exercise the rules: " + filtered.counts());
    }

    @Test
    void passwordOptionWithEqualsIsMasked() {
        Redactor r = Redactor.defaults();
        assertEquals("mysql --user=app --password=*** db", show(r.redact(cmdline("mysql", "--user=app", "--password=hunter2", "db"))));
        assertEquals(1L, r.counts().get("password"));
    }

    @Test
    void passwordOptionFollowedByItsValueIsMasked() {
        Redactor r = Redactor.defaults();
        assertEquals("app --password *** --verbose", show(r.redact(cmdline("app", "--password", "hunter2", "--verbose"))));
        assertEquals("app --api-key *** -t x -token ***", show(r.redact(cmdline("app", "--api-key", "k1", "-t", "x", "-token", "y"))));
        assertEquals(3L, r.counts().get(Redactor.OPTION_VALUE));
    }

    @Test
    void optionNamingASecretFileKeepsThePath() {
        Redactor r = Redactor.defaults();
        byte[] in = cmdline("app", "--password-file", "/etc/app/pw");
        assertSame(in, r.redact(in));
        assertEquals(0, r.total());
    }

    @Test
    void tokenSecretAndApiKeyAssignmentsAreMasked() {
        Redactor r = Redactor.defaults();
        assertEquals("curl https://x/?access_token=***&a=1 client_secret=*** apikey=*** API_KEY=***",
                show(r.redact(cmdline("curl", "https://x/?access_token=abc&a=1", "client_secret=s3", "apikey=k", "API_KEY=K"))));
        Map<String, Long> c = r.counts();
        assertEquals(1L, c.get("token"));
        assertEquals(1L, c.get("secret"));
        assertEquals(2L, c.get("apikey"));
    }

    @Test
    void urlCredentialsKeepUserAndHost() {
        Redactor r = Redactor.defaults();
        assertEquals("psql postgres://app:***@db.internal:5432/x", show(r.redact(cmdline("psql", "postgres://app:hunter2@db.internal:5432/x"))));
        assertEquals(1L, r.counts().get("url-credentials"));
        byte[] noPassword = cmdline("git", "clone", "https://github.com/a/b", "ssh://git@host/repo");
        assertSame(noPassword, r.redact(noPassword));
    }

    @Test
    void awsAccessKeyIdIsMasked() {
        Redactor r = Redactor.defaults();
        assertEquals("aws --key AKIA *** x", show(r.redact(cmdline("aws", "--key", "AKIA", "AKIAIOSFODNN7EXAMPLE", "x"))));
        assertEquals(1L, r.counts().get("aws-access-key"));
    }

    @Test
    void ordinaryCommandLinesAndOtherBytesPassUnchanged() {
        Redactor r = Redactor.defaults();
        byte[] in = cmdline("/usr/sbin/sshd", "-D", "-o", "PasswordAuthentication=no-such\u00ff\u0001");
        byte[] out = r.redact(in);
        // 'PasswordAuthentication=' looks like a password assignment: its value is masked, the rest is byte-exact
        assertEquals("/usr/sbin/sshd -D -o PasswordAuthentication=***", show(out));
        byte[] plain = cmdline("/usr/bin/python3", "-m", "http.server", "8080", "\u00e9t\u00e9");
        assertSame(plain, r.redact(plain));
        assertArrayEquals(new byte[0], r.redact(new byte[0]));
    }

    @Test
    void disabledRedactorChangesNothingAndSaysOff() {
        Redactor r = Redactor.disabled();
        byte[] in = cmdline("app", "--password=hunter2");
        assertSame(in, r.redact(in));
        assertEquals(Map.of("redaction", "off"), r.notes());
    }

    @Test
    void addedPatternMasksItsGroupOrWholeMatchAndIsCounted() {
        Redactor r = Redactor.defaults().withPattern("pin=--pin(?<secret>\\d+)").withPattern("sk_live_[A-Za-z0-9]+");
        assertEquals("pay --pin*** ***", show(r.redact(cmdline("pay", "--pin1234", "sk_live_abcDEF"))));
        assertEquals(1L, r.counts().get("pin"));
        assertEquals(1L, r.counts().get("custom-2"));
        assertThrows(IllegalArgumentException.class, () -> Redactor.defaults().withPattern("bad=(unclosed"));
        assertThrows(IllegalArgumentException.class, () -> Redactor.defaults().withPattern("token=x"));
    }

    @Test
    void notesHoldCountsAndRuleNamesNeverValues() {
        Redactor r = Redactor.defaults();
        r.redact(cmdline("a", "--password=hunter2", "postgres://u:pw@h/"));
        r.redact(cmdline("b", "--password=other"));
        Map<String, String> notes = r.notes();
        assertEquals("on", notes.get("redaction"));
        assertEquals(String.join(",", Redactor.defaultRuleNames()), notes.get("redaction.rules"));
        assertEquals("2", notes.get("redaction.password"));
        assertEquals("1", notes.get("redaction.url-credentials"));
        assertFalse(notes.containsKey("redaction.token"), "rules that masked nothing are not listed with a count");
        assertTrue(notes.values().stream().noneMatch(v -> v.contains("hunter2") || v.contains("pw")));
        assertEquals(3, r.total());
    }

    @Test
    void longHostileInputIsHandledInBoundedTime() {
        Redactor r = Redactor.defaults();
        String many = "password=".repeat(50_000) + "x://" + ":".repeat(100_000);
        long t = System.nanoTime();
        r.redact(cmdline(many));
        assertTrue(System.nanoTime() - t < 5_000_000_000L, "redaction of 550 kB took too long");
    }
}
