package dev.iotsdk.greengrass;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.iotsdk.core.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 7: a Java caller catches each documented exception type at the call that throws it (no {@code throws}
 * clause here: iotsdk's exceptions are unchecked).
 */
class CatchWhereThrownJavaTest {
    @Test
    void aConfigurationWithoutIdentityIsRefusedWhereItIsBuilt() {
        try {
            GreengrassDiscoveryConfig.builder().region("us-east-1").build();
            fail("no exception");
        } catch (InvalidConfigurationException e) {
            assertTrue(e.getMessage().contains("identity"), e.getMessage());
        }
    }
}
