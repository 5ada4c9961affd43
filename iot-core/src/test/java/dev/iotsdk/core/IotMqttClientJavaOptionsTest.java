package dev.iotsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.common.Jitter;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.IotEmulatorJUnitExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Policies and MQTT 5 message properties built from Java with java.time, no Kotlin Duration anywhere. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class IotMqttClientJavaOptionsTest {

    @Test
    void policiesTakeAndGiveJavaDurations() {
        ReconnectPolicy reconnect = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(20), Jitter.NONE, Duration.ofSeconds(5), 3);
        assertEquals(Duration.ofMillis(500), reconnect.baseDelayJava());
        assertEquals(Duration.ofSeconds(20), reconnect.maxDelayJava());
        assertEquals(Duration.ofSeconds(5), reconnect.stableConnectionJava());
        assertEquals(3, reconnect.getMaxAttempts());
        assertEquals(Duration.ofMinutes(2), new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofMinutes(2)).maxDelayJava());
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)));

        OfflineQueuePolicy queue = new OfflineQueuePolicy(10, OverflowPolicy.DROP_NEWEST, QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT, Duration.ofMillis(20));
        assertEquals(Duration.ofMillis(20), queue.drainIntervalJava());
        assertNull(new OfflineQueuePolicy(10).drainIntervalJava());

        IotMqttClientConfig config = IotMqttClientConfig.builder()
            .endpoint("localhost").connectionType(new ConnectionType.Tcp())
            .keepAlive(Duration.ofSeconds(45)).connectTimeout(Duration.ofSeconds(7)).operationTimeout(Duration.ofSeconds(9))
            .reconnect(reconnect).offlineQueue(queue)
            .will(MqttMessage.text("status/java", "gone"), Duration.ofSeconds(12))
            .build();
        assertEquals(Duration.ofSeconds(45), config.keepAliveJava());
        assertEquals(Duration.ofSeconds(7), config.connectTimeoutJava());
        assertEquals(Duration.ofSeconds(9), config.operationTimeoutJava());
        assertNotNull(config.sessionExpiryJava());
        assertEquals(Duration.ofSeconds(12), config.willDelayJava());
        assertEquals("status/java", config.getWill().getTopic());
        assertEquals(Duration.ofMillis(500), config.getReconnect().baseDelayJava());
    }

    @Test
    void mqtt5PropertiesBuiltInJavaReachTheSubscriber(IotEmulator emulator) throws Exception {
        IotMqttClientConfig config = IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getPlainPort())
            .connectionType(new ConnectionType.Tcp())
            .mqttVersion(MqttVersion.MQTT_5)
            .clientId("java-props")
            .build();
        try (IotMqttClientJava client = IotMqttClient.create(config).asJava()) {
            client.connect().get(20, TimeUnit.SECONDS);
            LinkedBlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
            AutoCloseable listener = client.onMessage(received::add);
            client.subscribeAll(List.of(new Subscription("java/props", Qos.AT_LEAST_ONCE))).get(20, TimeUnit.SECONDS);

            MessageProperties props = MessageProperties.builder()
                .messageExpiry(Duration.ofMinutes(1))
                .contentType("application/json")
                .payloadFormat(PayloadFormat.UTF_8)
                .responseTopic("java/reply")
                .correlationData(new byte[] {7})
                .userProperty("source", "java")
                .build();
            client.publish(new MqttMessage("java/props", "{}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false, props))
                .get(20, TimeUnit.SECONDS);

            MqttMessage message = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(message);
            MessageProperties got = message.getProperties();
            assertEquals("application/json", got.getContentType());
            assertEquals("java/reply", got.getResponseTopic());
            assertEquals(List.of(new UserProperty("source", "java")), got.getUserProperties());
            Duration expiry = got.messageExpiryJava();
            assertNotNull(expiry);
            assertTrue(expiry.compareTo(Duration.ofMinutes(1)) <= 0 && !expiry.isNegative(), expiry.toString());
            listener.close();
        }
    }
}
