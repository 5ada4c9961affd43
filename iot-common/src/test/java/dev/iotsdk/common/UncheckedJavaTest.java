package dev.iotsdk.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Java sees the hierarchy as unchecked: a method may throw it without declaring it, and catch it by type. */
class UncheckedJavaTest {
    private static void failsWithoutDeclaring() {
        throw new IotClientException("no throws clause needed", null, true);
    }

    @Test
    void catchesTheDocumentedTypeWhereItIsThrown() {
        try {
            failsWithoutDeclaring();
        } catch (IotClientException e) {
            assertEquals(true, e.isRetryable());
            return;
        }
        throw new AssertionError("not thrown");
    }
}
