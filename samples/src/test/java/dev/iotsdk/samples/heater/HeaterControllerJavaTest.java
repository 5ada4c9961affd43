package dev.iotsdk.samples.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.core.PublishRejectedException;
import dev.iotsdk.test.FakeIotMqttClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java heater's logic, tested the way a Java user tests device code: against {@code FakeIotMqttClient}'s Java view,
 * driven and awaited with the fake's blocking helpers (no coroutines, no broker).
 */
class HeaterControllerJavaTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void appliesCommandsAndReportsTelemetry() throws Exception {
        FakeIotMqttClient fake = new FakeIotMqttClient("heater-java");
        fake.asJava().connect().get(5, TimeUnit.SECONDS);
        try (HeaterControllerJava controller =
                 new HeaterControllerJava(fake.asJava(), "heater-java", Duration.ofMillis(20), () -> 19.0)) {
            controller.start().get(5, TimeUnit.SECONDS);
            assertTrue(fake.blocking().awaitPublish("devices/heater-java/state", WAIT)
                .payloadAsString().contains("\"target\":20.0"));

            assertTrue(fake.deliver("devices/heater-java/commands/target", "18.5"));
            MqttMessage state = fake.blocking().awaitPublish("devices/heater-java/state", WAIT,
                m -> m.payloadAsString().contains("18.5"));
            assertTrue(state.payloadAsString().contains("\"power\":\"on\""));
            MqttMessage telemetry = fake.blocking().awaitPublish("devices/heater-java/telemetry", WAIT,
                m -> m.payloadAsString().contains("\"target\":18.5"));
            assertTrue(telemetry.payloadAsString().contains("\"heating\":false"));

            fake.deliver("devices/heater-java/commands/power", "maybe");
            assertTrue(fake.blocking().awaitPublish("devices/heater-java/errors", WAIT)
                .payloadAsString().contains("'maybe'"));
        }
        fake.blocking().awaitUnsubscribed("devices/heater-java/commands/+", WAIT);
        fake.close();
    }

    @Test
    void countsRejectedTelemetryAndReportsItsStateAfterAReconnect() throws Exception {
        FakeIotMqttClient fake = new FakeIotMqttClient("heater-java");
        fake.asJava().connect().get(5, TimeUnit.SECONDS);
        fake.failPublishes(new PublishRejectedException("devices/heater-java/telemetry", 0x87, "NOT_AUTHORIZED", null),
            "devices/heater-java/telemetry", 2);
        try (HeaterControllerJava controller =
                 new HeaterControllerJava(fake.asJava(), "heater-java", Duration.ofMillis(20), () -> 19.0)) {
            controller.start().get(5, TimeUnit.SECONDS);
            fake.blocking().awaitPublish("devices/heater-java/telemetry", WAIT); // the third reading got through
            assertEquals(2, controller.telemetryFailures());

            fake.simulateConnectionLost();
            fake.clearPublished();
            fake.simulateReconnect(false);
            fake.blocking().awaitPublish("devices/heater-java/state", WAIT);
            assertEquals(2, fake.getSubscribeRequests().size()); // the commands subscription was restored
        }
        fake.close();
    }
}
