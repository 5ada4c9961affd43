package dev.iotsdk.shadow;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.iotsdk.test.FakeIotMqttClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 7: a Java caller catches each documented exception type at the call that throws it (no {@code throws}
 * clause here: iotsdk's exceptions are unchecked). Failures of requests arrive through the futures of the Java view.
 */
class CatchWhereThrownJavaTest {
    @Test
    void anInvalidThingNameIsRefusedWhereTheClientIsMade() {
        try (FakeIotMqttClient mqtt = new FakeIotMqttClient("device-1")) {
            try {
                new ShadowClient(mqtt, "no/slashes");
                fail("no exception");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().contains("thing name"), e.getMessage());
            }
        }
    }
}
