package io.procsnap.replay.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.procsnap.replay.analysis.IpcReport;

import java.io.IOException;
import java.math.BigInteger;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * JSON output of the analyses: the same records the tables are printed from, pretty-printed, instants as
 * ISO-8601 UTC text, the kernel's unsigned 64-bit IPC limits as unsigned numbers. Jackson stays behind
 * this class.
 */
public final class Json {
    private static final ObjectMapper MAPPER = mapper();

    private Json() {
    }

    private static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("procsnap-time");
        time.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        time.addSerializer(IpcReport.Limits.class, new JsonSerializer<>() {
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
        return new ObjectMapper().registerModule(time).enable(SerializationFeature.INDENT_OUTPUT)
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

    public static void write(Object value, PrintWriter out) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
