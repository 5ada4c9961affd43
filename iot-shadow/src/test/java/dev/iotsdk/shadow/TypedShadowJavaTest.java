package dev.iotsdk.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kotlinx.serialization.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The typed shadow from Java: a plain Java class mapped by Jackson through a ShadowStateCodec. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class TypedShadowJavaTest {

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
            TypedShadowJava<JavaLamp> lamp = shadow.typed(JavaLamp.CODEC);

            assertNull(lamp.get().get(20, TimeUnit.SECONDS));
            assertEquals(1L, lamp.report(new JavaLamp("off", 3)).get(20, TimeUnit.SECONDS));
            TypedShadow.Snapshot<JavaLamp> snapshot = lamp.get().get(20, TimeUnit.SECONDS);
            assertEquals(new JavaLamp("off", 3), snapshot.getReported());
            assertNull(snapshot.getDesired());
            assertEquals(1L, snapshot.getVersion());

            LinkedBlockingQueue<ShadowEvent<JavaLamp>> events = new LinkedBlockingQueue<>();
            AutoCloseable sub = lamp.onDesiredEvent(events::add, null);
            assertEquals(ShadowEvent.Subscribed.INSTANCE, events.poll(10, TimeUnit.SECONDS));

            // a partial desired change arrives as the whole object the cloud wants
            emulator.updateShadow("java-typed-lamp", null, "{\"state\":{\"desired\":{\"power\":\"on\"}}}");
            assertEquals(new JavaLamp("on", 3), received(events.poll(10, TimeUnit.SECONDS)));

            // a payload the codec cannot map is an error event, and the stream goes on
            emulator.updateShadow("java-typed-lamp", null, "{\"state\":{\"desired\":{\"brightness\":\"very\"}}}");
            ShadowEvent.Error error = assertInstanceOf(ShadowEvent.Error.class, events.poll(10, TimeUnit.SECONDS));
            assertInstanceOf(SerializationException.class, error.getCause());

            assertEquals(4L, lamp.desire(new JavaLamp("on", 7)).get(20, TimeUnit.SECONDS));
            assertEquals(new JavaLamp("on", 7), received(events.poll(10, TimeUnit.SECONDS)));
            sub.close();

            CompletionException stale = assertThrows(CompletionException.class, () -> lamp.report(new JavaLamp("on", 7), 1L).join());
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
        ShadowStateCodec<JavaLamp> broken = ShadowStateCodec.of(l -> { throw new IllegalStateException("no"); }, json -> new JavaLamp());
        try (IotMqttClient mqtt = IotMqttClient.create(config);
             ShadowClient kotlin = new ShadowClient(mqtt, "java-typed-broken");
             ShadowClientJava shadow = kotlin.asJava()) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            TypedShadowJava<JavaLamp> lamp = shadow.typed(broken, "named");
            assertEquals("named", lamp.getShadowName());
            CompletionException failed = assertThrows(CompletionException.class, () -> lamp.report(new JavaLamp("on", 1)).join());
            SerializationException cause = assertInstanceOf(SerializationException.class, failed.getCause());
            assertInstanceOf(IllegalStateException.class, cause.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static JavaLamp received(ShadowEvent<JavaLamp> event) {
        return ((ShadowEvent.Received<JavaLamp>) assertInstanceOf(ShadowEvent.Received.class, event)).getValue();
    }
}
