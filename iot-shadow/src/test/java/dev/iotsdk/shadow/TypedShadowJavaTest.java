package dev.iotsdk.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.IotEmulatorJUnitExtension;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kotlinx.serialization.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The typed shadow from Java: a plain Java class mapped by Jackson through a ShadowStateCodec. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class TypedShadowJavaTest {

    /** The device's state as a Java user would write it for Jackson. */
    public static final class Lamp {
        public String power;
        public int brightness;

        public Lamp() {}

        Lamp(String power, int brightness) {
            this.power = power;
            this.brightness = brightness;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Lamp && Objects.equals(((Lamp) o).power, power) && ((Lamp) o).brightness == brightness;
        }

        @Override
        public int hashCode() {
            return Objects.hash(power, brightness);
        }

        @Override
        public String toString() {
            return "Lamp(" + power + ", " + brightness + ")";
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ShadowStateCodec<Lamp> CODEC =
        ShadowStateCodec.of(MAPPER::writeValueAsString, json -> MAPPER.readValue(json, Lamp.class));

    @Test
    void reportsReadsAndReceivesWholeDesiredObjects(IotEmulator emulator) throws Exception {
        IotMqttClientConfig config = IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getPlainPort())
            .connectionType(new ConnectionType.Tcp())
            .clientId("java-typed-shadow")
            .build();
        try (IotMqttClient mqtt = IotMqttClient.create(config);
             ShadowClient kotlin = new ShadowClient(mqtt, "java-typed-lamp");
             ShadowClientJava shadow = kotlin.asJava()) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            TypedShadowJava<Lamp> lamp = shadow.typed(CODEC);

            assertNull(lamp.get().get(20, TimeUnit.SECONDS));
            assertEquals(1L, lamp.report(new Lamp("off", 3)).get(20, TimeUnit.SECONDS));
            TypedShadow.Snapshot<Lamp> snapshot = lamp.get().get(20, TimeUnit.SECONDS);
            assertEquals(new Lamp("off", 3), snapshot.getReported());
            assertNull(snapshot.getDesired());
            assertEquals(1L, snapshot.getVersion());

            LinkedBlockingQueue<ShadowEvent<Lamp>> events = new LinkedBlockingQueue<>();
            AutoCloseable sub = lamp.onDesiredEvent(events::add, null);
            assertEquals(ShadowEvent.Subscribed.INSTANCE, events.poll(10, TimeUnit.SECONDS));

            // a partial desired change arrives as the whole object the cloud wants
            emulator.updateShadow("java-typed-lamp", null, "{\"state\":{\"desired\":{\"power\":\"on\"}}}");
            assertEquals(new Lamp("on", 3), received(events.poll(10, TimeUnit.SECONDS)));

            // a payload the codec cannot map is an error event, and the stream goes on
            emulator.updateShadow("java-typed-lamp", null, "{\"state\":{\"desired\":{\"brightness\":\"very\"}}}");
            ShadowEvent.Error error = assertInstanceOf(ShadowEvent.Error.class, events.poll(10, TimeUnit.SECONDS));
            assertInstanceOf(SerializationException.class, error.getCause());

            assertEquals(4L, lamp.desire(new Lamp("on", 7)).get(20, TimeUnit.SECONDS));
            assertEquals(new Lamp("on", 7), received(events.poll(10, TimeUnit.SECONDS)));
            sub.close();

            CompletionException stale = assertThrows(CompletionException.class, () -> lamp.report(new Lamp("on", 7), 1L).join());
            assertEquals(409, assertInstanceOf(ShadowRejectedException.class, stale.getCause()).getCode());
        }
    }

    @Test
    void aCodecThatThrowsFailsTheFutureWithASerializationException(IotEmulator emulator) throws Exception {
        IotMqttClientConfig config = IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getPlainPort())
            .connectionType(new ConnectionType.Tcp())
            .clientId("java-typed-shadow-broken")
            .build();
        ShadowStateCodec<Lamp> broken = ShadowStateCodec.of(l -> { throw new IllegalStateException("no"); }, json -> new Lamp());
        try (IotMqttClient mqtt = IotMqttClient.create(config);
             ShadowClient kotlin = new ShadowClient(mqtt, "java-typed-broken");
             ShadowClientJava shadow = kotlin.asJava()) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            TypedShadowJava<Lamp> lamp = shadow.typed(broken, "named");
            assertEquals("named", lamp.getShadowName());
            CompletionException failed = assertThrows(CompletionException.class, () -> lamp.report(new Lamp("on", 1)).join());
            SerializationException cause = assertInstanceOf(SerializationException.class, failed.getCause());
            assertInstanceOf(IllegalStateException.class, cause.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static Lamp received(ShadowEvent<Lamp> event) {
        return ((ShadowEvent.Received<Lamp>) assertInstanceOf(ShadowEvent.Received.class, event)).getValue();
    }
}
