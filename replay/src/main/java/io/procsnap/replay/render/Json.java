package io.procsnap.replay.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.WaitClass;
import io.procsnap.replay.analysis.WaitKind;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Related;
import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Subject;

import java.io.IOException;
import java.math.BigInteger;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * JSON output of the analyses: the same records the tables are printed from, pretty-printed, instants as
 * ISO-8601 UTC text, the kernel's unsigned 64-bit IPC limits as unsigned numbers, wait kinds and rule ids
 * by their labels, subjects by their ids. Jackson stays behind this class.
 */
public final class Json {
    private static final ObjectMapper MAPPER = mapper();

    private Json() {
    }

    private static ObjectMapper mapper() {
        SimpleModule types = new SimpleModule("procsnap-types");
        types.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        types.addSerializer(IpcReport.Limits.class, new JsonSerializer<>() {
            @Override
            public void serialize(IpcReport.Limits l, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeStartObject();
                gen.writeNumberField("msgmnb", l.msgmnb());
                gen.writeNumberField("msgmax", l.msgmax());
                gen.writeNumberField("msgmni", l.msgmni());
                gen.writeNumberField("queues", l.queues());
                gen.writeArrayFieldStart("sem");
                for (long v : l.sem()) {
                    gen.writeNumber(v);
                }
                gen.writeEndArray();
                unsigned(gen, "shmmax", l.shmmax());
                unsigned(gen, "shmall", l.shmall());
                gen.writeNumberField("shmmni", l.shmmni());
                gen.writeEndObject();
            }
        });
        types.addSerializer(WaitKind.class, new JsonSerializer<>() {
            @Override
            public void serialize(WaitKind k, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(k.label());
            }
        });
        // kind, site and idle, as when idle was a field of WaitClass (ipc --json lists the waiting threads)
        types.addSerializer(WaitClass.class, new JsonSerializer<>() {
            @Override
            public void serialize(WaitClass w, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("kind", w.kind().label());
                gen.writeStringField("site", w.site());
                gen.writeBooleanField("idle", w.idle());
                gen.writeEndObject();
            }
        });
        types.addSerializer(RuleId.class, new JsonSerializer<>() {
            @Override
            public void serialize(RuleId id, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(id.label());
            }
        });
        types.addSerializer(Finding.class, new JsonSerializer<>() {
            @Override
            public void serialize(Finding f, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                finding(f, gen);
            }
        });
        return new ObjectMapper().registerModule(types).enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** shmmax and shmall are the kernel's unsigned longs (default above Long.MAX_VALUE); -1 is "not captured". */
    private static void unsigned(JsonGenerator gen, String name, long value) throws IOException {
        if (value == -1L) {
            gen.writeNumberField(name, -1L);
        } else {
            gen.writeNumberField(name, new BigInteger(Long.toUnsignedString(value)));
        }
    }

    /**
     * A finding, its field names fixed here: {@code subject} (an id such as {@code msgq:0}) only when it
     * has one, {@code related} only when it names any other object: the ids by role, roles in a fixed
     * order, ids in the finding's order ({@code {"sender": ["thread:4/9", ...], "consumer": ["thread:4/8"]}}).
     */
    private static void finding(Finding f, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("ruleId", f.ruleId().label());
        gen.writeStringField("severity", f.severity().name());
        gen.writeStringField("summary", f.summary());
        strings(gen, "details", f.details());
        strings(gen, "evidence", f.evidence());
        if (f.subject() != null) {
            gen.writeStringField("subject", f.subject().id());
        }
        if (!f.related().isEmpty()) {
            gen.writeObjectFieldStart("related");
            for (Map.Entry<Related.Role, List<Subject>> e : Related.byRole(f.related()).entrySet()) {
                strings(gen, e.getKey().label(), e.getValue().stream().map(Subject::id).toList());
            }
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    private static void strings(JsonGenerator gen, String name, List<String> values) throws IOException {
        gen.writeArrayFieldStart(name);
        for (String v : values) {
            gen.writeString(v);
        }
        gen.writeEndArray();
    }

    public static void write(Object value, PrintWriter out) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
