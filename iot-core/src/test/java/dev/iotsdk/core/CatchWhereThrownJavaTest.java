package dev.iotsdk.core;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.iotsdk.common.IotClientException;
import org.junit.jupiter.api.Test;

/**
 * A Java caller catches each documented exception type at the call that throws it. The test methods declare no
 * {@code throws} clause: this file compiles only because iotsdk's exceptions are unchecked.
 */
class CatchWhereThrownJavaTest {
    @Test
    void configBuildRefusesBadSettings() {
        try {
            IotMqttClientConfig.builder().endpoint("localhost").clientId("sensor-1").build();
            fail("no exception");
        } catch (InvalidConfigurationException e) {
            assertTrue(e.getMessage().contains("connectionType"), e.getMessage());
        }
    }

    @Test
    void theClientBranchCatchesItToo() {
        try {
            IotMqttClientConfig.builder().endpoint("localhost").port(70000).clientId("sensor-1").build();
            fail("no exception");
        } catch (IotClientException e) {
            assertNotNull(e.getMessage());
        }
    }
}
