package dev.iotsdk.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.model.shadow.ShadowDeltaMessage;
import dev.iotsdk.model.shadow.ShadowDocument;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shadow Java view against the emulator, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class ShadowClientJavaTest {

    @Test
    void updatesGetsDeletesAndReceivesDeltasOnCallbacks(IotEmulator emulator) throws Exception {
        IotMqttClientConfig config = IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getPlainPort())
            .connectionType(new ConnectionType.Tcp())
            .clientId("java-shadow")
            .build();
        try (IotMqttClient mqtt = IotMqttClient.create(config)) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            ShadowClient kotlin = new ShadowClient(mqtt, "java-lamp");
            ShadowClientJava shadow = kotlin.asJava();
            try {
                ShadowDocument accepted = shadow.update("{\"reported\":{\"power\":\"off\"}}", null, null).get(20, TimeUnit.SECONDS);
                assertEquals(1L, accepted.getVersion());

                LinkedBlockingQueue<ShadowEvent<ShadowDeltaMessage>> events = new LinkedBlockingQueue<>();
                AutoCloseable sub = shadow.onDeltaEvent(null, events::add, null);
                assertEquals(ShadowEvent.Subscribed.INSTANCE, events.poll(10, TimeUnit.SECONDS));
                emulator.updateShadow("java-lamp", null, "{\"state\":{\"desired\":{\"power\":\"on\"}}}");
                ShadowEvent<ShadowDeltaMessage> event = events.poll(10, TimeUnit.SECONDS);
                assertInstanceOf(ShadowEvent.Received.class, event);
                assertEquals("{\"power\":\"on\"}", ((ShadowEvent.Received<ShadowDeltaMessage>) event).getValue().getState().toString());
                sub.close();

                ShadowDocument doc = shadow.get().get(20, TimeUnit.SECONDS);
                assertEquals(2L, doc.getVersion());
                assertNotNull(doc.getState().getDelta());

                CompletionException conflict = assertThrows(CompletionException.class,
                    () -> shadow.update("{\"reported\":{\"power\":\"on\"}}", 1L, null).join());
                ShadowRejectedException rejected = assertInstanceOf(ShadowRejectedException.class, conflict.getCause());
                assertEquals(409, rejected.getCode());

                assertEquals(2L, shadow.delete(null).get(20, TimeUnit.SECONDS).getVersion());
            } finally {
                shadow.close();
                kotlin.close();
            }
        }
    }
}
