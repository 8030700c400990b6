package io.procsnap.replay.fuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.procsnap.format.Manifest;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Renders the manifest for {@code .procsnap/manifest.json} (records as objects, instants as ISO-8601 text). */
public final class ManifestJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    public static byte[] render(Manifest manifest) {
        if (manifest == null) {
            return "null\n".getBytes(StandardCharsets.UTF_8);
        }
        try {
            return (JSON.writeValueAsString(plain(manifest)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            return ("{\"error\": \"manifest not renderable\"}\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Records to ordered maps, maps sorted by key, instants to text; everything else as is. */
    static Object plain(Object value) {
        if (value instanceof Record r) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    out.put(c.getName(), plain(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    out.put(c.getName(), null);
                }
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        return value;
    }
}
