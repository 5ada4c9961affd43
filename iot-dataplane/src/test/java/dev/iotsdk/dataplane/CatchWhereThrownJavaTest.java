package dev.iotsdk.dataplane;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 7: a Java caller catches each documented exception type at the call that throws it (no {@code throws}
 * clause here: iotsdk's exceptions are unchecked).
 */
class CatchWhereThrownJavaTest {
    @Test
    void aConfigurationWithoutRegionIsRefusedWhereItIsBuilt() {
        try {
            IotDataPlaneConfig.builder().build();
            fail("no exception");
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void anInvalidPublishRequestIsRefusedWhereItIsBuilt() {
        try {
            PublishRequest.builder("a/+/b").build();
            fail("no exception");
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
        }
    }
}
