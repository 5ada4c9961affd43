package dev.iotsdk.shadow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/** A device state as a Java user would write it for Jackson, with its codec: shared by the Java shadow tests. */
public final class JavaLamp {
    /** The codec the tests map it with. */
    static final ShadowStateCodec<JavaLamp> CODEC = codec(new ObjectMapper());

    public String power;
    public int brightness;

    public JavaLamp() {}

    JavaLamp(String power, int brightness) {
        this.power = power;
        this.brightness = brightness;
    }

    private static ShadowStateCodec<JavaLamp> codec(ObjectMapper mapper) {
        return ShadowStateCodec.of(mapper::writeValueAsString, json -> mapper.readValue(json, JavaLamp.class));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JavaLamp && Objects.equals(((JavaLamp) o).power, power) && ((JavaLamp) o).brightness == brightness;
    }

    @Override
    public int hashCode() {
        return Objects.hash(power, brightness);
    }

    @Override
    public String toString() {
        return "JavaLamp(" + power + ", " + brightness + ")";
    }
}
